package io.harwarden.har.walk;

import io.harwarden.har.Location;
import io.harwarden.har.detect.TextScanner;
import java.util.Optional;

/**
 * Any string value with no more specific rule: sanitized as a document when it holds JSON, read as a URL when it is
 * one, else scanned as free text. Keys get the shape rules too: a file can use a token as a key.
 */
public final class Strings {
    /** Shorter than any credential the scanner knows, so not worth scanning as a key. */
    private static final int MIN_SCANNED_KEY = 8;

    private static final int KEYS_REMEMBERED = 4096;

    private final UrlSanitizer urls;
    private final TextScanner scanner;
    private Documents documents;
    /** Keys seen to hold no secret: keys repeat in every entry, and scanning one again would find nothing again. */
    private final java.util.Set<String> cleanKeys = new java.util.HashSet<>();

    Strings(UrlSanitizer urls, TextScanner scanner) {
        this.urls = urls;
        this.scanner = scanner;
    }

    /** Documents are built on these strings, so they arrive after construction. */
    void documents(Documents documents) {
        this.documents = documents;
    }

    String sanitize(String s, Location at) {
        if (JsonText.looksLikeJson(s)) {
            Optional<String> document = documents.sanitize(s, at);
            if (document.isPresent()) {
                return document.get();
            }
        }
        return UrlSanitizer.looksLikeUrl(s) ? urls.sanitize(s, at) : scanner.scan(s, at);
    }

    /** A value whose name is known: a keyword format of that name first, then the rules for any string. */
    String sanitize(String name, String s, Location at) {
        String keyed = scanner.keyed(name, s, at);
        return keyed != null ? keyed : sanitize(s, at);
    }

    /** The value redacted when it is a keyword format of {@code name}, else null. */
    String keyed(String name, String s, Location at) {
        return scanner.keyed(name, s, at);
    }

    public String url(String s, Location at) {
        return urls.sanitize(s, at);
    }

    /** A key or a name (of a header, cookie, parameter): HAR's own field names pass, others get the scan. */
    String key(String name, Location at) {
        if (name.length() < MIN_SCANNED_KEY || cleanKeys.contains(name) || Pointers.isHarField(name)) {
            return name;
        }
        String scanned = scanner.scan(name, at);
        if (scanned == name) {
            if (cleanKeys.size() >= KEYS_REMEMBERED) {
                cleanKeys.clear(); // a hostile file cannot grow it without bound
            }
            cleanKeys.add(name);
        }
        return scanned;
    }
}
