package io.harwarden.exception.audit;

import java.util.Locale;

/** What happened to an exception request; every one is a record in the audit chain and a note on its case. */
public enum AuditEvent {
    REQUESTED, APPROVED, DENIED, RELEASED, REFUSED, EXPIRED, REPLAY_ATTEMPT;

    /** The name in the chain's records ({@code replay-attempt}), stable across releases. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AuditEvent ofLabel(String label) {
        for (AuditEvent event : values()) {
            if (event.label().equals(label)) {
                return event;
            }
        }
        throw new IllegalArgumentException("unknown audit event '" + label + "'");
    }
}
