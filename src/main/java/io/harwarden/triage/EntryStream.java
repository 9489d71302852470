package io.harwarden.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a HAR's entries one at a time with a streaming parser, keeping of each only what triage looks at: memory
 * is bounded by one entry's kept fields, whatever the file's size. The response text is read only for calls that
 * failed (or whose status comes after it) and when short; every other value is skipped without being decoded.
 */
final class EntryStream {
    /** Longest response text kept for error messages (longer ones are not an error message a person reads). */
    static final int MAX_BODY = 64 * 1024;
    private static final int MAX_VALUE = 4096;
    private static final int MAX_HEADERS = 100;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(32_000_000)
                    .maxNestingDepth(500).build()).build();

    private EntryStream() {
    }

    /**
     * What the file says of itself.
     *
     * @param creator the tool that wrote it ({@code log.creator.name} and version), or empty
     * @param pages how many pages it lists
     * @param entries how many entries were read
     * @param problem why reading stopped early (cut short, not JSON), or null when it was read whole
     */
    record Capture(String creator, int pages, int entries, String problem) {
    }

    /** Headers whose presence alone counts: their values (cookies) are never decoded. */
    static final Set<String> PRESENCE_ONLY = Set.of("cookie");

    /** @param headers the header names to keep (any case); the others are skipped */
    static Capture read(InputStream in, KnownNames headers, Consumer<HarEntry> each) throws IOException {
        Reader reader = new Reader(each, headers);
        try (JsonParser p = JSON.createParser(in)) {
            reader.root(p);
        } catch (JsonEOFException cut) {
            reader.problem = "the file is cut short after entry " + reader.entries;
        } catch (StreamConstraintsException tooBig) {
            reader.problem = "a value is too large to read after entry " + reader.entries;
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            reader.problem = "the file is not valid JSON after entry " + reader.entries;
        }
        return new Capture(reader.creator, reader.pages, reader.entries, reader.problem);
    }

    private static final class Reader {
        private final Consumer<HarEntry> each;
        private final KnownNames known;
        private String creator = "";
        private int pages;
        private int entries;
        private String problem;

        Reader(Consumer<HarEntry> each, KnownNames known) {
            this.each = each;
            this.known = known;
        }

        void root(JsonParser p) throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problem = "the file is not a HAR (no JSON object)";
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("log") && t == JsonToken.START_OBJECT) {
                    log(p);
                } else {
                    p.skipChildren();
                }
            }
        }

        private void log(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("creator") && t == JsonToken.START_OBJECT) {
                    creator = creator(p);
                } else if (name.equals("pages") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                        pages++;
                    }
                } else if (name.equals("entries") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        each.accept(entry(p, entries));
                        entries++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private static String creator(JsonParser p) throws IOException {
            String name = "";
            String version = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("name")) {
                    name = text(p);
                } else if (field.equals("version")) {
                    version = text(p);
                } else {
                    p.skipChildren();
                }
            }
            return (name + " " + version).strip();
        }

        private HarEntry entry(JsonParser p, int index) throws IOException {
            EntryBuilder e = new EntryBuilder(index);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "startedDateTime" -> e.started = text(p);
                    case "time" -> e.time = number(p);
                    case "request" -> {
                        if (t == JsonToken.START_OBJECT) {
                            request(p, e);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "response" -> {
                        if (t == JsonToken.START_OBJECT) {
                            response(p, e);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "timings" -> {
                        if (t == JsonToken.START_OBJECT) {
                            e.timings = timings(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "_error" -> e.error = nonEmpty(text(p));
                    default -> p.skipChildren();
                }
            }
            return e.build();
        }

        private void request(JsonParser p, EntryBuilder e) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "method" -> e.method = text(p);
                    case "url" -> e.url = text(p);
                    case "headers" -> headers(p, t, e.requestHeaders);
                    default -> p.skipChildren();
                }
            }
        }

        private void response(JsonParser p, EntryBuilder e) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "status" -> {
                        e.status = (int) number(p);
                        e.statusSeen = true;
                    }
                    case "headers" -> headers(p, t, e.responseHeaders);
                    case "content" -> {
                        if (t == JsonToken.START_OBJECT) {
                            content(p, e);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "_error" -> e.error = nonEmpty(text(p));
                    default -> p.skipChildren();
                }
            }
        }

        private static void content(JsonParser p, EntryBuilder e) throws IOException {
            boolean base64 = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "mimeType" -> e.mimeType = text(p);
                    case "encoding" -> base64 = "base64".equalsIgnoreCase(text(p));
                    case "text" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            e.hasBody = true;
                            if (!e.statusSeen || e.status >= 400 || e.status <= 0) {
                                String text = p.getText(); // a failed call's body, or one whose status comes later
                                e.body = text.length() <= MAX_BODY ? text : null;
                            } // else skipped undecoded by the next token
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (base64) {
                e.body = null; // binary: no error message to read
            }
        }

        /** Keeps the known headers (lower-case names); the values of the others are skipped undecoded. */
        private void headers(JsonParser p, JsonToken t, List<HarEntry.Header> into) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String name = null;
                boolean nameSeen = false;
                String value = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("name") && v == JsonToken.VALUE_STRING) {
                        name = known.match(p);
                        nameSeen = true;
                    } else if (field.equals("value") && v == JsonToken.VALUE_STRING && (!nameSeen || name != null)) {
                        value = name != null && PRESENCE_ONLY.contains(name) ? "" : text(p);
                    } else {
                        p.skipChildren();
                    }
                }
                if (name != null && value != null && into.size() < MAX_HEADERS) {
                    into.add(new HarEntry.Header(name, value));
                }
            }
        }

        private static Timings timings(JsonParser p) throws IOException {
            double blocked = -1;
            double queued = -1;
            double dns = -1;
            double connect = -1;
            double ssl = -1;
            double send = -1;
            double wait = -1;
            double receive = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "blocked" -> blocked = number(p);
                    case "_blocked_queueing" -> queued = number(p);
                    case "dns" -> dns = number(p);
                    case "connect" -> connect = number(p);
                    case "ssl" -> ssl = number(p);
                    case "send" -> send = number(p);
                    case "wait" -> wait = number(p);
                    case "receive" -> receive = number(p);
                    default -> p.skipChildren();
                }
            }
            return new Timings(blocked, queued, dns, connect, ssl, send, wait, receive);
        }

        /** A number, or -1 for anything else (Chrome has written {@code "status": "error"}). */
        private static double number(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getDoubleValue();
            }
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return Double.parseDouble(p.getText().strip());
                } catch (NumberFormatException notANumber) {
                    return -1;
                }
            }
            p.skipChildren();
            return -1;
        }

        /** A scalar as text, cut to a bounded length; null for objects and arrays (skipped). */
        private static String text(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
                return null;
            }
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            String s = p.getText();
            return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE);
        }

        private static String nonEmpty(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    private static final class EntryBuilder {
        final int index;
        String started;
        double time = -1;
        String method = "";
        String url = "";
        final List<HarEntry.Header> requestHeaders = new ArrayList<>();
        int status = -1;
        boolean statusSeen;
        final List<HarEntry.Header> responseHeaders = new ArrayList<>();
        String mimeType = "";
        String body;
        boolean hasBody;
        Timings timings;
        String error;

        EntryBuilder(int index) {
            this.index = index;
        }

        HarEntry build() {
            if (statusSeen && status >= 0 && status < 400 && error == null) {
                body = null; // the status came after the text: not a failed call after all
            }
            return new HarEntry(index, started, time, method == null ? "" : method, url == null ? "" : url,
                    List.copyOf(requestHeaders), Math.max(status, 0), List.copyOf(responseHeaders),
                    mimeType == null ? "" : mimeType, body, hasBody, timings, error);
        }
    }
}
