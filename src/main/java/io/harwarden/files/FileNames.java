package io.harwarden.files;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names as UTF-8 whatever the process's locale. Java turns a file name into bytes with the locale's encoding,
 * and under a POSIX locale ({@code LC_ALL=C}, as in many containers) a name with any non-ASCII character cannot be
 * turned into a path at all. A {@code file:} URI carries a name's bytes percent-encoded, so paths are built and read
 * through URIs: names are written as UTF-8 bytes, and names that are not UTF-8 still round-trip byte for byte.
 */
public final class FileNames {
    /** Whether Java already encodes file names as UTF-8, which makes the URI detour unnecessary. */
    private static final boolean NATIVE_UTF8 = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FileNames() {
    }

    /** {@code name} (one path element, as UTF-8) inside {@code dir}. */
    public static Path resolve(Path dir, String name) {
        if (NATIVE_UTF8 || isAscii(name)) {
            return dir.resolve(name);
        }
        return resolveEncoded(dir, encode(name));
    }

    /** A path element given as percent-encoded bytes (see {@link #encodedName}) inside {@code dir}. */
    public static Path resolveEncoded(Path dir, String encodedName) {
        String base = dir.toAbsolutePath().toUri().getRawPath();
        return Path.of(URI.create("file://" + (base.endsWith("/") ? base : base + "/") + encodedName));
    }

    /** A path given as UTF-8 text (a command-line argument), absolute or relative to the working directory. */
    public static Path of(String path) {
        if (NATIVE_UTF8 || isAscii(path)) {
            return Path.of(path);
        }
        Path at = path.startsWith("/") ? Path.of("/") : Path.of("").toAbsolutePath();
        for (String element : path.split("/")) {
            if (!element.isEmpty()) {
                at = resolve(at, element);
            }
        }
        return at;
    }

    /** The last element of {@code path} as its bytes, percent-encoded: ASCII, and lossless whatever the bytes are. */
    public static String encodedName(Path path) {
        String raw = path.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        return raw.substring(raw.lastIndexOf('/') + 1);
    }

    /** The last element of {@code path} decoded as UTF-8 (a byte that is not UTF-8 shows as U+FFFD). */
    public static String name(Path path) {
        return NATIVE_UTF8 && path.getFileName() != null ? path.getFileName().toString() : decode(encodedName(path));
    }

    /** Whether {@code name} stands for exactly the bytes of {@code encodedName}, so the name alone finds the file. */
    public static boolean isExact(String name, String encodedName) {
        return encode(name).equals(normalise(encodedName));
    }

    /** Percent-encodes the UTF-8 bytes of {@code text}, keeping only unreserved URI characters. */
    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of a percent-encoded name decoded as UTF-8. */
    public static String decode(String encoded) {
        return new String(bytes(encoded), StandardCharsets.UTF_8);
    }

    /** The bytes a percent-encoded name stands for. */
    public static byte[] bytes(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                out.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static String normalise(String encoded) {
        return encode(bytes(encoded));
    }

    private static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
