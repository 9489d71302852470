package io.harwarden.exception.audit;

/** The audit log could not be read or written (the database failed); its message is one line without content. */
public class AuditLogException extends RuntimeException {
    public AuditLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
