package io.harwarden.har;

/** Any string value with no more specific rule: read as a URL when it is one, else scanned as free text. */
final class Strings {
    private final UrlSanitizer urls;
    private final TextScanner scanner;

    Strings(UrlSanitizer urls, TextScanner scanner) {
        this.urls = urls;
        this.scanner = scanner;
    }

    String sanitize(String s, Location at) {
        return UrlSanitizer.looksLikeUrl(s) ? urls.sanitize(s, at) : scanner.scan(s, at);
    }

    String url(String s, Location at) {
        return urls.sanitize(s, at);
    }
}
