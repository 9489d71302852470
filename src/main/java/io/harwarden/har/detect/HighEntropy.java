package io.harwarden.har.detect;

import io.harwarden.har.Markers;

/**
 * Strict mode's rule: a token (a run of letters, digits and {@code + / = _ - . ~}) of at least {@value #MIN_LENGTH}
 * characters that mixes letters and digits and is random enough (Shannon entropy of at least {@value #MIN_BITS} bits
 * per character) is taken for a secret, unless it has a shape known to be safe: a UUID or a text holding one (tracking
 * ids), a hex digest of 32, 40, 64 or 128 characters, a JWT's header or payload, a version or a time, a path or a host
 * name, a URL. Costly in kept values by design: off by default.
 */
public final class HighEntropy {
    static final int MIN_LENGTH = 20;
    static final double MIN_BITS = 3.5;
    /** Longer runs are data (base64 bodies, images), not keys: other rules read them. */
    private static final int MAX_LENGTH = 200;

    private HighEntropy() {
    }

    static boolean isTokenChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                || c == '=' || c == '_' || c == '-' || c == '.' || c == '~';
    }

    /** The end of the token that starts at {@code i}. */
    static int end(String s, int i) {
        int end = i;
        while (end < s.length() && isTokenChar(s.charAt(end))) {
            end++;
        }
        return end;
    }

    /** Whether {@code s[start, end)} looks like a secret that no other rule knows. */
    static boolean secretLike(String s, int start, int end) {
        int length = end - start;
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return false;
        }
        int letters = 0;
        int digits = 0;
        int separators = 0;
        int[] counts = new int[128];
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            counts[c]++;
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                letters++;
            } else if (c == '.' || c == '/' || c == '-') {
                separators++;
            }
        }
        if (letters == 0 || digits == 0 || safeShape(s.substring(start, end), separators)) {
            return false;
        }
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / length;
                bits -= p * Math.log(p) / Math.log(2);
            }
        }
        return bits >= MIN_BITS;
    }

    private static boolean safeShape(String token, int separators) {
        if (isHex(token) && (token.length() == 32 || token.length() == 40 || token.length() == 64
                || token.length() == 128)) {
            return true; // digests, commit ids
        }
        if (containsUuid(token) || token.startsWith("eyJ") || Markers.startsWithMarker(token, 0)) {
            return true; // tracking ids, ids in paths; a JWT's header and payload are kept on purpose
        }
        if (token.matches("[0-9.:TZ+-]+") || token.matches("v?[0-9]+(\\.[0-9]+)+([-.][0-9A-Za-z.-]+)?")) {
            return true; // times, versions
        }
        // paths and host names: words between separators, a structure random tokens do not have
        if (separators >= 2 && token.matches("[/.]?([A-Za-z0-9_~+-]{1,64}[/.])+[A-Za-z0-9_~+-]{0,64}")) {
            return true;
        }
        return shortSegments(token);
    }

    /**
     * Ids made of short parts ({@code 00-4bf9…-00f0…-01} trace parents, {@code 8044fc96…-SJC} ray ids,
     * {@code 056E_5A4FD262_4513B4} request ids): every part a hex number of up to 32 digits or at most 12 characters.
     */
    private static boolean shortSegments(String token) {
        String[] parts = token.split("[-_./:]");
        if (parts.length < 2) {
            return false;
        }
        for (String part : parts) {
            if (part.length() > 12 && !(part.length() <= 32 && isHex(part))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsUuid(String s) {
        for (int i = 0; i + 36 <= s.length(); i++) {
            if (s.charAt(i + 8) == '-' && s.charAt(i + 13) == '-' && s.charAt(i + 18) == '-' && s.charAt(i + 23) == '-'
                    && isHex(s.substring(i, i + 8)) && isHex(s.substring(i + 9, i + 13))
                    && isHex(s.substring(i + 14, i + 18)) && isHex(s.substring(i + 19, i + 23))
                    && isHex(s.substring(i + 24, i + 36))) {
                return true;
            }
        }
        return false;
    }
}
