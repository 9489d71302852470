package io.harwarden.exception.audit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What is appended to the audit chain: the event, who caused it, the request and case it concerns, and facts about it
 * (scope, justification, comment, counts). Never the content of a file or a released value.
 *
 * @param requestId the exception request, or null for an event that concerns none
 * @param caseId the case, or null
 */
public record AuditEntry(AuditEvent event, String actor, String requestId, String caseId, Map<String, String> details) {
    public AuditEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(actor, "actor");
        details = details == null ? Map.of() : Map.copyOf(new TreeMap<>(details));
    }
}
