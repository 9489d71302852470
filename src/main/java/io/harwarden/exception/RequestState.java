package io.harwarden.exception;

/** Where a request is. DENIED, RELEASED and EXPIRED are final. */
public enum RequestState {
    PENDING, APPROVED, DENIED, RELEASED, EXPIRED;

    public boolean isFinal() {
        return this == DENIED || this == RELEASED || this == EXPIRED;
    }
}
