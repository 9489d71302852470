package io.harwarden.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error a response body states, on one line: from JSON (the usual fields, RFC 7807, Webex's {@code errors[]},
 * nested upstream errors), from an XML or SOAP fault, from an HTML title, or the start of a plain text; and the
 * status the body names when it is not the HTTP status (a 502 whose body says 400: the status points at the wrong
 * system).
 *
 * @param text the message, cut to {@link #MAX} characters
 * @param upstreamStatus a status code the body names that differs from the response's, or 0
 */
public record ErrorText(String text, int upstreamStatus) {
    static final int MAX = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MESSAGE_FIELDS = {"message", "error_description", "errorMessage", "detail",
        "description", "title", "msg", "reason"};
    private static final Pattern LEADING_STATUS = Pattern.compile("^\\s*(?:HTTP\\s*)?([1-5]\\d\\d)\\b\\s*[:\\-]");
    private static final Pattern XML_FAULT = Pattern.compile(
            "(?is)<(?:\\w+:)?(?:faultstring|message|Message|Reason|Text)[^>]*>\\s*([^<]{1,1000})</");
    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title[^>]*>\\s*([^<]{1,500})</title>");
    private static final String[] STATUS_FIELDS = {"upstreamStatus", "upstream_status", "statusCode", "status",
        "errorCode", "code"};

    /** What {@code body} says, for a response of {@code status}; null when it says nothing readable. */
    public static ErrorText of(String body, String mimeType, int status) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String trimmed = body.strip();
        String mime = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("{") || trimmed.startsWith("[") || mime.contains("json")) {
            ErrorText fromJson = json(trimmed, status);
            if (fromJson != null) {
                return fromJson;
            }
        }
        if (trimmed.startsWith("<")) {
            Matcher fault = XML_FAULT.matcher(trimmed);
            if (!mime.contains("html") && fault.find()) {
                return withStatus(fault.group(1), status, 0);
            }
            Matcher title = HTML_TITLE.matcher(trimmed);
            if (title.find()) {
                return withStatus(title.group(1), status, 0);
            }
            return null;
        }
        return mime.startsWith("text/plain") || mime.isEmpty() ? withStatus(trimmed, status, 0) : null;
    }

    private static ErrorText json(String body, int status) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
        if (root == null) {
            return null;
        }
        if (root.isArray() && !root.isEmpty()) {
            root = root.get(0);
        }
        String message = message(root, 0);
        if (message == null) {
            return null;
        }
        return withStatus(message, status, statusField(root, status));
    }

    /** The message of an error object, looking into {@code error}, {@code errors[0]} and nested causes. */
    private static String message(JsonNode node, int depth) {
        if (node == null || depth > 4) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText().isBlank() ? null : node.asText();
        }
        if (!node.isObject()) {
            return null;
        }
        for (String field : MESSAGE_FIELDS) {
            JsonNode v = node.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        JsonNode error = node.get("error");
        if (error != null) {
            String inner = message(error, depth + 1);
            if (inner != null) {
                return inner;
            }
        }
        JsonNode errors = node.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            return message(errors.get(0), depth + 1);
        }
        for (String nested : new String[] {"cause", "upstream", "details", "fault"}) {
            String inner = message(node.get(nested), depth + 1);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static int statusField(JsonNode root, int status) {
        for (String field : STATUS_FIELDS) {
            JsonNode v = root.get(field);
            if (v != null && v.canConvertToInt() && v.asInt() >= 400 && v.asInt() <= 599 && v.asInt() != status) {
                return v.asInt();
            }
        }
        return 0;
    }

    private static ErrorText withStatus(String message, int status, int fromField) {
        String line = oneLine(message);
        if (line.isEmpty()) {
            return null;
        }
        Matcher leading = LEADING_STATUS.matcher(line);
        int upstream = fromField;
        if (upstream == 0 && leading.find()) {
            int named = Integer.parseInt(leading.group(1));
            upstream = named != status ? named : 0;
        }
        return new ErrorText(line, upstream);
    }

    /** Whitespace runs made one space, control characters dropped, cut to {@link #MAX} characters with an ellipsis. */
    static String oneLine(String text) {
        String line = text.replaceAll("[\\p{Cntrl}&&[^\\t\\n\\r]]", "").replaceAll("\\s+", " ").strip();
        return line.length() <= MAX ? line : line.substring(0, MAX - 1) + "…";
    }
}
