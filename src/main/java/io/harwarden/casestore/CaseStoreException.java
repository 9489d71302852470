package io.harwarden.casestore;

/**
 * A case store call that failed. The kind says what the caller should do: retry a {@link Transient} failure with
 * backoff; fix the configuration for a {@link Permanent} one (bad credentials, no permission), which retrying cannot
 * mend; treat {@link NotFound} as a fact (the attachment or case is gone); report {@link Rejected} (the store refuses
 * this content, for example over its size limit) on the case. Messages never hold file contents or credentials.
 */
public abstract sealed class CaseStoreException extends Exception {

    protected CaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public static final class Transient extends CaseStoreException {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final class Permanent extends CaseStoreException {
        public Permanent(String message) {
            super(message, null);
        }
    }

    public static final class NotFound extends CaseStoreException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    public static final class Rejected extends CaseStoreException {
        public Rejected(String message) {
            super(message, null);
        }
    }
}
