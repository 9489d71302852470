package io.harwarden.har.detect;

import java.util.Set;

/**
 * The private members of a JSON Web Key (RFC 7517/7518): {@code d}, the RSA primes and exponents, a symmetric
 * {@code k}. Their names are single letters that mean nothing elsewhere, so they count only in a document that has a
 * {@code "kty"} and only for values that are base64url key material.
 */
public final class JwkMembers {
    private static final Set<String> PRIVATE = Set.of("d", "p", "q", "dp", "dq", "qi", "k", "r", "t");
    private static final int MIN_MATERIAL = 16;

    private JwkMembers() {
    }

    public static boolean isPrivate(String name) {
        return name != null && name.length() <= 2 && PRIVATE.contains(name);
    }

    /** Whether a document holds a JWK at all (its key type member). */
    public static boolean inDocument(String text) {
        return text.contains("\"kty\"") || text.contains("'kty'") || text.contains("\\\"kty\\\""); // or escaped
    }

    /** Base64url of at least 16 characters: key material, not a date or a word. */
    public static boolean isKeyMaterial(String value) {
        if (value.length() < MIN_MATERIAL) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '=')) {
                return false;
            }
        }
        return true;
    }
}
