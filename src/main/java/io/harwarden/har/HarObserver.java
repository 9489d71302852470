package io.harwarden.har;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * A reader of the original that rides on the sanitizer's one pass: it is shown a few fields of each entry as the
 * walker reads them, before any rule, so the file is parsed once for both. It is never shown the sanitized copy, and
 * what it keeps is its own responsibility (triage scrubs every text it reports).
 */
public interface HarObserver {
    /** The entry fields an observer is shown. */
    enum Field {
        STARTED, TIME, METHOD, URL, STATUS, ERROR,
        /** The {@code timings} object, shown as it begins; its phases follow. */
        TIMINGS,
        /** {@code timings}' phases ({@code QUEUED} is Chrome's {@code _blocked_queueing}). */
        BLOCKED, QUEUED, DNS, CONNECT, SSL, SEND, WAIT, RECEIVE;

        /** The phase a field of {@code timings} is, or null. */
        public static Field phase(String name) {
            return switch (name) {
                case "blocked" -> BLOCKED;
                case "_blocked_queueing" -> QUEUED;
                case "dns" -> DNS;
                case "connect" -> CONNECT;
                case "ssl" -> SSL;
                case "send" -> SEND;
                case "wait" -> WAIT;
                case "receive" -> RECEIVE;
                default -> null;
            };
        }
    }

    /**
     * What one walking thread reports, entry after entry: with several threads each has its own listener and sees
     * whole entries, in order within its part of the file (the observer puts the parts in order by index).
     */
    interface Listener {
        /** {@code log.creator}'s name and version (either may be null); from the thread that walks the document. */
        void creator(String name, String version);

        /** One item of {@code log.pages}; from the thread that walks the document. */
        void page();

        /** An entry object begins; {@code index} is its position in {@code log.entries}. */
        void start(int index);

        /**
         * A field of the current entry, with the parser at its value (any token). The listener reads a scalar value or
         * not but never moves the parser.
         */
        void field(Field field, JsonParser p) throws IOException;

        /** An item of {@code log.entries} at {@code index} that is not an object (no entry to show). */
        void skipped(int index);

        /** A request or response header of the current entry, as captured. */
        void header(boolean response, String name, String value);

        /**
         * The response content of the current entry.
         *
         * @param mimeType the declared type, or null
         * @param base64 whether the text is declared base64
         * @param text the body's text when it was read as text, else null
         * @param hasText whether there was a text at all (media streamed through unread has one)
         */
        void content(String mimeType, boolean base64, String text, boolean hasText);

        /** The current entry ends. */
        void end();
    }

    /** A listener for one thread that walks the file or a part of its entries. */
    Listener listener();

    /** Shown nothing. */
    Listener IGNORED = new Listener() {
        @Override
        public void creator(String name, String version) {
        }

        @Override
        public void page() {
        }

        @Override
        public void start(int index) {
        }

        @Override
        public void field(Field field, JsonParser p) {
        }

        @Override
        public void skipped(int index) {
        }

        @Override
        public void header(boolean response, String name, String value) {
        }

        @Override
        public void content(String mimeType, boolean base64, String text, boolean hasText) {
        }

        @Override
        public void end() {
        }
    };

    HarObserver NONE = () -> IGNORED;
}
