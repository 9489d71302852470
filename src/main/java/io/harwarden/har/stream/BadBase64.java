package io.harwarden.har.stream;

import java.io.IOException;

/** A body declared base64 that is not; Jackson reports it unchecked and without a position. */
public final class BadBase64 extends IOException {
    public BadBase64() {
        super("invalid base64", null);
    }
}
