package io.harwarden.har;

import java.io.IOException;

/** A body declared base64 that is not; Jackson reports it unchecked and without a position. */
final class BadBase64 extends IOException {
    BadBase64() {
        super("invalid base64", null);
    }
}
