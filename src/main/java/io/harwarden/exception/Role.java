package io.harwarden.exception;

import java.util.Locale;

/** What a person may do in the exception workflow; one person may hold several, and never approves their own request. */
public enum Role {
    /** Asks for an original (support engineers, admins). */
    REQUESTER,
    /** Decides on other people's requests. */
    APPROVER,
    /** Reads requests and the audit log. */
    AUDITOR,
    /** Configures the workflow. */
    ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
