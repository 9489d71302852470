package io.harwarden.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * The names HAR Warden gives its two copies of {@code NAME.har}: {@code NAME.sanitized.har} and {@code NAME.har.pgp}.
 * File systems and case systems take names of at most 255 bytes, so a long name loses the end of its stem (marked
 * {@code …}) to make room for the suffix and for the " (n)" a taken name gets.
 */
final class OutputNames {
    static final int MAX_BYTES = 255;
    /** Room kept for " (99)" and the like, added when a customer's file already has the name. */
    private static final int NUMBER_ROOM = 8;
    private static final String CUT = "…";

    private OutputNames() {
    }

    static String sanitized(String original) {
        int dot = original.lastIndexOf('.');
        return dot > 0 ? fit(original.substring(0, dot), ".sanitized" + original.substring(dot))
                : fit(original, ".sanitized.har");
    }

    static String encrypted(String original) {
        int dot = original.lastIndexOf('.');
        return dot > 0 ? fit(original.substring(0, dot), original.substring(dot) + ".pgp") : fit(original, ".pgp");
    }

    /** The triage waterfall picture's name: {@code capture.har} gives {@code capture.waterfall.svg} (or .png). */
    static String waterfall(String original, String extension) {
        int dot = original.lastIndexOf('.');
        return fit(dot > 0 ? original.substring(0, dot) : original, ".waterfall" + extension);
    }

    /** {@code stem + suffix}, the stem shortened (whole characters only) until the name fits. */
    static String fit(String stem, String suffix) {
        int budget = MAX_BYTES - NUMBER_ROOM - bytes(suffix);
        if (bytes(stem) <= budget) {
            return stem + suffix;
        }
        if (budget <= bytes(CUT)) { // an absurd suffix: keep its end only
            return suffix.substring(Math.max(0, suffix.length() - (MAX_BYTES - NUMBER_ROOM) / 4));
        }
        int end = stem.length();
        while (end > 0 && bytes(stem.substring(0, end)) + bytes(CUT) > budget) {
            end = Character.isLowSurrogate(stem.charAt(end - 1)) && end > 1 ? end - 2 : end - 1;
        }
        return stem.substring(0, end) + CUT + suffix;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
