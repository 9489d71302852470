package io.harwarden.har.detect;

/**
 * Texts one scanner lately found nothing in. Real traffic repeats itself (the same user agent, accept headers, cookie
 * names, hosts and paths in every entry; in the re-scan, the same marked bearer value), and a scan is a function of
 * the text alone under one policy, so a text found clean once is clean every time and need not be scanned again.
 * Bounded: a fixed number of slots for short texts, a newer text taking an older one's slot. One per scanner, so one
 * per thread: shared between the threads of a file, the slots' cache lines went back and forth between the cores and
 * cost more than the scans they saved.
 */
final class CleanTexts {
    private static final int SLOTS = 2048;
    private static final int MAX_LENGTH = 1024;

    private final String[] slots = new String[SLOTS];

    boolean contains(String text) {
        if (text.length() > MAX_LENGTH) {
            return false;
        }
        String held = slots[slot(text)];
        return held != null && held.equals(text);
    }

    void add(String text) {
        if (text.length() <= MAX_LENGTH) {
            slots[slot(text)] = text;
        }
    }

    private static int slot(String text) {
        int h = text.hashCode();
        return (h ^ h >>> 16) & SLOTS - 1;
    }
}
