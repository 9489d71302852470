package io.harwarden.exception;

import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditRecord;

/** Where the workflow's events go besides the audit chain: a note on the case, metrics. */
public interface ExceptionEvents {
    /** Called once the event is in the audit chain ({@code record}); {@code request} is as it stands after it. */
    void happened(AuditEvent event, ExceptionRequest request, AuditRecord record);
}
