package io.harwarden.har.walk;

import io.harwarden.har.Location;
import io.harwarden.har.NameKind;
import io.harwarden.har.detect.TextScanner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Request and response bodies and WebSocket frames, by MIME type: JSON as a document (an embedded HAR as a HAR),
 * form-encoded by field name, multipart by part, text by pattern. Base64 bodies are decoded, sanitized and re-encoded.
 * Declarations are not trusted to exempt anything: text that looks like JSON is read as JSON whatever its type, text
 * declared base64 that is not base64 is read as text, and the base64 text itself gets the token scan as well. Media
 * (images, fonts, archives) in base64 pass with only that scan; other binary bodies (octet-stream, protobuf) get the
 * token scan over their bytes, since RPC payloads carry API keys and tokens too: a redaction there alters the bytes,
 * which is the safe trade.
 */
public final class Bodies {
    private final Documents documents;
    private final FormFields forms;
    private final Multipart multipart;
    private final TextScanner scanner;

    Bodies(Documents documents, FormFields forms, Multipart multipart, TextScanner scanner) {
        this.documents = documents;
        this.forms = forms;
        this.multipart = multipart;
        this.scanner = scanner;
    }

    public String sanitize(String text, String mimeType, String encoding, Location at) {
        if (text.isEmpty()) {
            return text;
        }
        if (encoding != null && encoding.equalsIgnoreCase("base64")) {
            return base64(text, mimeType, at);
        }
        return plain(text, mimeType, at);
    }

    /** A WebSocket frame: text frames as text, binary frames (opcode 2, base64 in HAR) only when they decode to text. */
    public String message(String data, boolean binaryFrame) {
        return sanitize(data, null, binaryFrame ? "base64" : null, Location.WEBSOCKET_MESSAGE);
    }

    private String base64(String text, String mimeType, Location at) {
        byte[] bytes = decodeStrictly(text);
        if (bytes == null) {
            return plain(text, mimeType, at); // declared base64, but it is not: it is read as what it is
        }
        String result = text;
        if (mimeType == null || !MimeTypes.isMedia(mimeType)) {
            // ISO-8859-1 maps every byte to one char and back, so untouched bytes survive exactly whatever the charset.
            String decoded = new String(bytes, StandardCharsets.ISO_8859_1);
            // a declared structure is read as that structure even with binary in it (a multipart file part)
            boolean structured = switch (MimeTypes.kind(mimeType)) {
                case JSON, FORM, MULTIPART -> true;
                default -> false;
            };
            String sanitized = !structured && looksBinary(bytes) ? scanner.scan(decoded, at)
                    : plain(decoded, mimeType, at);
            if (sanitized != decoded && !sanitized.equals(decoded)) {
                result = Base64.getEncoder().encodeToString(sanitized.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return scanner.scan(result, at); // a token of letters and digits alone is valid base64 too
    }

    /**
     * The bytes of standard or URL-safe base64 with optional padding and line breaks, or null when the text is
     * anything else (the MIME decoder would skip foreign characters and decode the rest, hiding them).
     */
    public static byte[] decodeStrictly(String text) {
        StringBuilder compact = null;
        boolean urlSafe = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (compact == null) {
                    compact = new StringBuilder(text.length()).append(text, 0, i);
                }
                continue;
            }
            boolean standard = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
                    || c == '/' || c == '=';
            if (!standard) {
                if (c != '-' && c != '_') {
                    return null;
                }
                urlSafe = true;
            }
            if (compact != null) {
                compact.append(c);
            }
        }
        try {
            String s = compact == null ? text : compact.toString();
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private String plain(String text, String mimeType, Location at) {
        MimeTypes.Kind kind = MimeTypes.kind(mimeType);
        if (kind != MimeTypes.Kind.FORM && kind != MimeTypes.Kind.MULTIPART && JsonText.looksLikeJson(text)) {
            return documents.sanitize(text, at).orElseGet(() -> scanner.scan(text, at));
        }
        return switch (kind) {
            case MEDIA, OPAQUE, TEXT, JSON -> scanner.scan(text, at);
            case FORM -> forms.sanitize(text, at, NameKind.FORM_FIELD);
            case MULTIPART -> multipart.sanitize(text, mimeType, at, (part, type) -> plain(part, type, at));
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
