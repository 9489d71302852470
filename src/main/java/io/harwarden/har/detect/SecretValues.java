package io.harwarden.har.detect;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.Markers;
import io.harwarden.har.NameKind;

/**
 * Redacts a value already known to be secret (by its name or shape) in the most useful way: a JWT keeps its header
 * and payload and loses its signature; an authorization value keeps its scheme word; anything else becomes a marker.
 */
public final class SecretValues {
    private final Redactor redactor;

    public SecretValues(Redactor redactor) {
        this.redactor = redactor;
    }

    public Redactor redactor() {
        return redactor;
    }

    public String redact(String value, Category category, Location location, NameKind kind, String name) {
        if (value.isEmpty() || isRedacted(value)) {
            return value;
        }
        if (category == Category.AUTH) {
            int space = schemeEnd(value);
            if (space > 0) {
                String credential = value.substring(space + 1).trim();
                if (credential.isEmpty() || isRedacted(credential)) {
                    return value;
                }
                return value.substring(0, space + 1) + redactCredential(credential, location, kind, name);
            }
        }
        Jwt jwt = Jwt.whole(value);
        if (jwt != null) {
            return redactJwt(value, jwt, location, kind, name);
        }
        return redactor.mark(value, category, location, kind, name);
    }

    private String redactCredential(String credential, Location location, NameKind kind, String name) {
        Jwt jwt = Jwt.whole(credential);
        return jwt != null ? redactJwt(credential, jwt, location, kind, name)
                : redactor.mark(credential, Category.AUTH, location, kind, name);
    }

    /** The JWT with its signature (JWS) or everything after the header (JWE) replaced by a marker. */
    String redactJwt(String text, Jwt jwt, Location location, NameKind kind, String name) {
        String token = text.substring(jwt.start(), jwt.end());
        if (jwt.encrypted()) {
            return text.substring(jwt.start(), jwt.headerEnd() + 1)
                    + redactor.mark(token, Category.JWE, location, kind, name);
        }
        return text.substring(jwt.start(), jwt.payloadEnd() + 1)
                + redactor.mark(token, Category.JWT_SIGNATURE, location, kind, name);
    }

    /**
     * True if the value is already in redacted form: a marker, {@code header.payload.MARKER}, or either behind an
     * authorization scheme word.
     */
    public static boolean isRedacted(String value) {
        if (Markers.startsWithMarker(value, 0)) {
            return Markers.isMarker(value);
        }
        int space = schemeEnd(value);
        if (space > 0) {
            return isRedacted(value.substring(space + 1).trim());
        }
        int lastDot = value.lastIndexOf('.');
        if (lastDot > 0 && value.startsWith("eyJ") && Markers.startsWithMarker(value, lastDot + 1)) {
            return Markers.isMarker(value.substring(lastDot + 1));
        }
        return false;
    }

    /** Index of the space after a leading scheme word ({@code Bearer}, {@code api_key}, {@code SSWS}), or -1. */
    static int schemeEnd(String value) {
        int limit = Math.min(value.length(), 32);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                return i > 0 && i + 1 < value.length() ? i : -1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                return -1;
            }
        }
        return -1;
    }
}
