package io.harwarden.har.walk;

import io.harwarden.har.Location;
import io.harwarden.har.NameKind;
import io.harwarden.har.detect.TextScanner;

/**
 * URLs, absolute or relative: userinfo passwords, secret query and fragment parameters (OAuth implicit flow puts
 * tokens in the fragment), secret path parameters ({@code ;jsessionid=}) and token shapes anywhere in the path.
 */
public final class UrlSanitizer {
    private final FormFields forms;
    private final TextScanner scanner;

    UrlSanitizer(FormFields forms, TextScanner scanner) {
        this.forms = forms;
        this.scanner = scanner;
    }

    String sanitize(String url, Location at) {
        int hash = url.indexOf('#');
        int query = url.indexOf('?');
        if (hash >= 0 && query > hash) {
            query = -1;
        }
        int pathEnd = query >= 0 ? query : hash >= 0 ? hash : url.length();
        String path = url.substring(0, pathEnd);
        String base = scanner.scan(path, at);
        String queryText = null;
        String queryPart = null;
        if (query >= 0) {
            queryText = url.substring(query + 1, hash >= 0 ? hash : url.length());
            queryPart = forms.sanitize(queryText, at, NameKind.QUERY_PARAM);
        }
        String fragment = null;
        String fragmentPart = null;
        if (hash >= 0) {
            fragment = url.substring(hash + 1);
            fragmentPart = fragment.indexOf('=') >= 0 ? forms.sanitize(fragment, at, NameKind.QUERY_PARAM)
                    : scanner.scan(fragment, at);
        }
        if (base == path && queryPart == queryText && fragmentPart == fragment) {
            return url; // the common case: nothing to redact, nothing to build
        }
        return base + (queryPart == null ? "" : "?" + queryPart) + (fragmentPart == null ? "" : "#" + fragmentPart);
    }

    /** True for strings that should be read as a URL rather than as free text. */
    static boolean looksLikeUrl(String s) {
        if (s.isEmpty() || s.length() > 65_536) {
            return false;
        }
        boolean absolute = s.startsWith("https://") || s.startsWith("http://") || s.startsWith("wss://")
                || s.startsWith("ws://") || s.startsWith("ftp://");
        boolean relative = s.charAt(0) == '/' && s.length() > 1 && s.charAt(1) != '/' && s.charAt(1) != '*';
        if (!absolute && !relative) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) <= ' ') {
                return false;
            }
        }
        return true;
    }
}
