package io.harwarden.har;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Request and response bodies and WebSocket frames, by MIME type: JSON by key, form-encoded by field name,
 * multipart by part, text by pattern. Base64 bodies are decoded, sanitized and re-encoded. Media (images, fonts,
 * archives) pass unchanged; other binary bodies (octet-stream, protobuf) get the token scan over their bytes, since
 * RPC payloads carry API keys and tokens too: a redaction there alters the bytes, which is the safe trade.
 */
final class Bodies {
    private final JsonText json;
    private final FormFields forms;
    private final Multipart multipart;
    private final TextScanner scanner;

    Bodies(JsonText json, FormFields forms, Multipart multipart, TextScanner scanner) {
        this.json = json;
        this.forms = forms;
        this.multipart = multipart;
        this.scanner = scanner;
    }

    String sanitize(String text, String mimeType, String encoding, Location at) {
        if (text.isEmpty()) {
            return text;
        }
        if (encoding != null && encoding.equalsIgnoreCase("base64")) {
            return base64(text, mimeType, at);
        }
        return plain(text, mimeType, at);
    }

    /** A WebSocket frame: text frames as text, binary frames (opcode 2, base64 in HAR) only when they decode to text. */
    String message(String data, boolean binaryFrame) {
        return sanitize(data, null, binaryFrame ? "base64" : null, Location.WEBSOCKET_MESSAGE);
    }

    private String base64(String text, String mimeType, Location at) {
        if (mimeType != null && MimeTypes.isMedia(mimeType)) {
            return text;
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            return plain(text, mimeType, at);
        }
        // ISO-8859-1 maps every byte to one char and back, so untouched bytes survive exactly whatever the charset.
        String decoded = new String(bytes, StandardCharsets.ISO_8859_1);
        String sanitized = looksBinary(bytes) ? scanner.scan(decoded, at) : plain(decoded, mimeType, at);
        if (sanitized == decoded || sanitized.equals(decoded)) {
            return text;
        }
        return Base64.getEncoder().encodeToString(sanitized.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String plain(String text, String mimeType, Location at) {
        return switch (MimeTypes.kind(mimeType)) {
            case MEDIA -> text;
            case OPAQUE -> scanner.scan(text, at);
            case JSON -> json.sanitize(text, at).orElseGet(() -> scanner.scan(text, at));
            case FORM -> forms.sanitize(text, at, NameKind.FORM_FIELD);
            case MULTIPART -> multipart.sanitize(text, mimeType, at, (part, type) -> plain(part, type, at));
            case TEXT -> JsonText.looksLikeJson(text) ? json.sanitize(text, at).orElseGet(() -> scanner.scan(text, at))
                    : scanner.scan(text, at);
        };
    }

    /** Binary if the first bytes hold a NUL or many control characters (images, compressed data). */
    static boolean looksBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 2048);
        int control = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b == 0) {
                return true;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                control++;
            }
        }
        return n > 0 && control * 10 > n;
    }
}
