package io.harwarden.har.detect;

/**
 * A compact JWS ({@code header.payload.signature}) or JWE (five segments) found in text, by offsets.
 *
 * @param start offset of the header's first character
 * @param headerEnd offset of the dot after the header
 * @param payloadEnd offset of the dot after the payload (JWS) or the encrypted key (JWE)
 * @param end offset just past the last segment
 * @param encrypted true for a five-segment JWE
 */
public record Jwt(int start, int headerEnd, int payloadEnd, int end, boolean encrypted) {

    /** Parses a JWT starting exactly at {@code start}; null when there is none, or it carries no signature. */
    static Jwt at(CharSequence s, int start) {
        int len = s.length();
        if (start + 3 > len || s.charAt(start) != 'e' || s.charAt(start + 1) != 'y' || s.charAt(start + 2) != 'J') {
            return null;
        }
        int headerEnd = segmentEnd(s, start);
        if (headerEnd - start < 10 || headerEnd >= len || s.charAt(headerEnd) != '.') {
            return null;
        }
        int payloadEnd = segmentEnd(s, headerEnd + 1);
        if (payloadEnd >= len || s.charAt(payloadEnd) != '.') {
            return null;
        }
        int thirdEnd = segmentEnd(s, payloadEnd + 1);
        if (thirdEnd < len && s.charAt(thirdEnd) == '.') {
            int fourthEnd = segmentEnd(s, thirdEnd + 1);
            if (fourthEnd < len && s.charAt(fourthEnd) == '.') {
                int fifthEnd = segmentEnd(s, fourthEnd + 1);
                return new Jwt(start, headerEnd, payloadEnd, fifthEnd, true);
            }
        }
        if (payloadEnd - headerEnd < 3 || thirdEnd - payloadEnd - 1 < 8) {
            return null;
        }
        return new Jwt(start, headerEnd, payloadEnd, thirdEnd, false);
    }

    /** True if the whole value is one JWT. */
    static Jwt whole(String value) {
        Jwt jwt = at(value, 0);
        return jwt != null && jwt.end == value.length() ? jwt : null;
    }

    static boolean isBase64Url(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static int segmentEnd(CharSequence s, int from) {
        int i = from;
        while (i < s.length() && isBase64Url(s.charAt(i))) {
            i++;
        }
        while (i < s.length() && s.charAt(i) == '=' && i - from > 0) {
            i++;
        }
        return i;
    }
}
