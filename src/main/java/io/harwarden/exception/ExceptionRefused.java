package io.harwarden.exception;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request or decision the workflow refuses, with a stable code, the HTTP status it maps to and a one-line message
 * (never content). {@code fields} names what was wrong with each input field, for 400.
 */
public final class ExceptionRefused extends RuntimeException {
    /** Why, as the API reports it. */
    public enum Reason {
        INVALID(400), UNAUTHENTICATED(401), FORBIDDEN_ROLE(403), SELF_APPROVAL(403), NOT_REQUESTER(403),
        PLAINTEXT_DISABLED(403), NOT_FOUND(404), STATE_CONFLICT(409), ALREADY_DECIDED(409), GONE(410), RATE_LIMITED(429),
        UNAVAILABLE(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;
    private final Map<String, String> fields;

    public ExceptionRefused(Reason reason, String message) {
        this(reason, message, Map.of());
    }

    public ExceptionRefused(Reason reason, String message, Map<String, String> fields) {
        super(message, null, false, false);
        this.reason = reason;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields)); // in the order they were found
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, String> fields() {
        return fields;
    }
}
