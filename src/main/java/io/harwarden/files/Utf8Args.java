package io.harwarden.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program's arguments as UTF-8. Under a POSIX locale the JVM decodes the command line as ASCII and every other
 * byte becomes {@code ?}, so a file name like {@code 日本.har} cannot be named on the command line at all; on Linux the
 * process's own {@code /proc/self/cmdline} still has the bytes, and they are read from there.
 */
public final class Utf8Args {
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private Utf8Args() {
    }

    /** {@code args} as given, or read again as UTF-8 when the JVM could not decode them. */
    public static String[] of(String[] args) {
        if ("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")) || !Files.isReadable(CMDLINE)) {
            return args;
        }
        try {
            return of(args, Files.readAllBytes(CMDLINE));
        } catch (IOException e) {
            return args;
        }
    }

    /** The last {@code args.length} NUL-separated elements of {@code cmdline}, if they are {@code args} decoded. */
    static String[] of(String[] args, byte[] cmdline) {
        List<String> all = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                all.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (all.size() < args.length) {
            return args;
        }
        String[] decoded = all.subList(all.size() - args.length, all.size()).toArray(String[]::new);
        for (int i = 0; i < args.length; i++) {
            if (!asciiPart(decoded[i]).equals(asciiPart(args[i]))) {
                return args; // not the arguments after all (the JVM was started in an unusual way)
            }
        }
        return decoded;
    }

    /** The ASCII characters only, which both decodings agree on. */
    private static String asciiPart(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().filter(c -> c < 0x80 && c != '?').forEach(c -> out.append((char) c));
        return out.toString();
    }
}
