package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.function.Predicate;

/**
 * The entries of a (sanitized) HAR as a requester picks them: index, start time, method, host and path (no query),
 * status. Read in one streaming pass that keeps only the rows asked for, so a file of any size lists in little memory.
 */
public final class EntryIndex {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000).maxNumberLength(Integer.MAX_VALUE).build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    /** One entry; {@code status} is 0 when the HAR gives none. */
    public record Row(int index, String started, String method, String hostAndPath, int status) {
        /** Whether the status is in the class {@code 2xx}..{@code 5xx} (or {@code 0xx} for none). */
        public boolean inClass(char hundreds) {
            return Integer.toString(status / 100).charAt(0) == hundreds;
        }
    }

    /** What to do with each row; return false to stop reading. */
    @FunctionalInterface
    public interface Rows {
        boolean accept(Row row);
    }

    private EntryIndex() {
    }

    /** Reads the entries in order and hands those that {@code keep} accepts to {@code rows}. */
    public static void read(InputStream har, Predicate<Row> keep, Rows rows) throws IOException {
        try (JsonParser in = JSON.createParser(har)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a HAR document");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                if (!name.equals("log") || !in.isExpectedStartObjectToken()) {
                    in.skipChildren();
                    continue;
                }
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String member = in.currentName();
                    in.nextToken();
                    if (!member.equals("entries") || !in.isExpectedStartArrayToken()) {
                        in.skipChildren();
                        continue;
                    }
                    for (int index = 0; in.nextToken() == JsonToken.START_OBJECT; index++) {
                        Row row = entry(in, index);
                        if (keep.test(row) && !rows.accept(row)) {
                            return;
                        }
                    }
                }
            }
        }
    }

    private static Row entry(JsonParser in, int index) throws IOException {
        String started = "";
        String method = "";
        String url = "";
        int status = 0;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            JsonToken value = in.nextToken();
            switch (name) {
                case "startedDateTime" -> started = value == JsonToken.VALUE_STRING ? in.getText() : "";
                case "request" -> {
                    String[] found = request(in);
                    method = found[0];
                    url = found[1];
                }
                case "response" -> status = status(in);
                default -> in.skipChildren();
            }
        }
        return new Row(index, started, method, hostAndPath(url), status);
    }

    private static String[] request(JsonParser in) throws IOException {
        String[] found = {"", ""};
        if (in.currentToken() != JsonToken.START_OBJECT) {
            in.skipChildren();
            return found;
        }
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            JsonToken value = in.nextToken();
            if (value == JsonToken.VALUE_STRING && name.equals("method")) {
                found[0] = in.getText();
            } else if (value == JsonToken.VALUE_STRING && name.equals("url")) {
                found[1] = in.getText();
            } else {
                in.skipChildren();
            }
        }
        return found;
    }

    private static int status(JsonParser in) throws IOException {
        int status = 0;
        if (in.currentToken() != JsonToken.START_OBJECT) {
            in.skipChildren();
            return 0;
        }
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            JsonToken value = in.nextToken();
            if (name.equals("status") && value == JsonToken.VALUE_NUMBER_INT) {
                status = in.getIntValue();
            } else {
                in.skipChildren();
            }
        }
        return status;
    }

    /** The URL without its query and fragment (they may hold markers and are long); the text itself when unparsable. */
    static String hostAndPath(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null) {
                return uri.getHost() + (uri.getRawPath() == null ? "" : uri.getRawPath());
            }
        } catch (IllegalArgumentException e) {
            // not a URI: cut by hand below
        }
        int cut = url.indexOf('?');
        String text = cut < 0 ? url : url.substring(0, cut);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
