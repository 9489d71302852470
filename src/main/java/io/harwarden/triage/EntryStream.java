package io.harwarden.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.harwarden.har.HarObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads a HAR's entries one at a time with a streaming parser, keeping of each only what triage looks at: memory
 * is bounded by one entry's kept fields, whatever the file's size. The response text is read only for calls that
 * failed (or whose status comes after it) and when short; every other value is skipped without being decoded.
 */
final class EntryStream {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
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
            return EntryBuilder.creator(name, version);
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
                            timings(p, e);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "_error" -> e.error(text(p));
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
                    case "headers" -> headers(p, t, e, false);
                    default -> p.skipChildren();
                }
            }
        }

        private void response(JsonParser p, EntryBuilder e) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "status" -> e.status(number(p));
                    case "headers" -> headers(p, t, e, true);
                    case "content" -> {
                        if (t == JsonToken.START_OBJECT) {
                            content(p, e);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "_error" -> e.error(text(p));
                    default -> p.skipChildren();
                }
            }
        }

        private static void content(JsonParser p, EntryBuilder e) throws IOException {
            boolean base64 = false;
            boolean hasText = false;
            String text = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "mimeType" -> e.mimeType = text(p);
                    case "encoding" -> base64 = "base64".equalsIgnoreCase(text(p));
                    case "text" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            hasText = true;
                            // a failed call's body, or one whose status comes later; else skipped undecoded
                            text = e.wantsBody() ? p.getText() : null;
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (hasText) {
                e.body(text, base64);
            }
        }

        /** Keeps the known headers (lower-case names); the values of the others are skipped undecoded. */
        private void headers(JsonParser p, JsonToken t, EntryBuilder e, boolean response) throws IOException {
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
                        value = name != null && EntryBuilder.PRESENCE_ONLY.contains(name) ? "" : p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                if (name != null) {
                    e.header(response, name, value);
                }
            }
        }

        private static void timings(JsonParser p, EntryBuilder e) throws IOException {
            e.timings();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                HarObserver.Field phase = HarObserver.Field.phase(name);
                if (phase != null) {
                    e.phase(phase, number(p));
                } else {
                    p.skipChildren();
                }
            }
        }

        /** A number, or -1 for anything else; a container is skipped. */
        private static double number(JsonParser p) throws IOException {
            double n = EntryBuilder.number(p);
            p.skipChildren();
            return n;
        }

        /** A scalar as bounded text; null for objects and arrays (skipped). */
        private static String text(JsonParser p) throws IOException {
            String s = EntryBuilder.text(p);
            p.skipChildren();
            return s;
        }
    }
}
