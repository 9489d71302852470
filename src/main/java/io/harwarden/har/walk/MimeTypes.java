package io.harwarden.har.walk;

import java.util.Locale;

/** Classifies a body by its MIME type, ignoring parameters and case. */
public final class MimeTypes {
    /** MEDIA passes unchanged; OPAQUE (octet-stream, protobuf) gets only the text scan, as it may carry tokens. */
    enum Kind { JSON, FORM, MULTIPART, MEDIA, OPAQUE, TEXT }

    private MimeTypes() {
    }

    static Kind kind(String mimeType) {
        if (mimeType == null || mimeType.isBlank()) {
            return Kind.TEXT;
        }
        String m = essence(mimeType);
        if (m.equals("application/json") || m.endsWith("+json") || m.equals("text/json")
                || m.equals("application/x-ndjson") || m.equals("application/jsonl")) {
            return Kind.JSON;
        }
        if (m.equals("application/x-www-form-urlencoded")) {
            return Kind.FORM;
        }
        if (m.startsWith("multipart/")) {
            return Kind.MULTIPART;
        }
        if (isMedia(m)) {
            return Kind.MEDIA;
        }
        if (m.equals("application/octet-stream") || m.contains("protobuf") || m.startsWith("application/grpc")
                || m.equals("application/x-amf") || m.equals("application/cbor") || m.equals("application/msgpack")) {
            return Kind.OPAQUE;
        }
        return Kind.TEXT;
    }

    /** Images, sound, video, fonts, documents and archives: bytes a token scan cannot meaningfully read. */
    static boolean isMedia(String mimeType) {
        String m = essence(mimeType);
        if (m.startsWith("image/")) {
            return !m.equals("image/svg+xml");
        }
        return m.startsWith("audio/") || m.startsWith("video/") || m.startsWith("font/")
                || m.equals("application/pdf") || m.equals("application/zip") || m.equals("application/gzip")
                || m.equals("application/wasm") || m.startsWith("application/x-font")
                || m.equals("application/font-woff") || m.equals("application/vnd.ms-fontobject")
                || m.equals("application/x-7z-compressed") || m.equals("application/x-tar")
                || m.equals("application/msword") || m.startsWith("application/vnd.openxmlformats");
    }

    static String parameter(String mimeType, String name) {
        if (mimeType == null) {
            return null;
        }
        for (String part : mimeType.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = part.substring(eq + 1).trim();
                return v.length() > 1 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static String essence(String mimeType) {
        int semi = mimeType.indexOf(';');
        return (semi < 0 ? mimeType : mimeType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
