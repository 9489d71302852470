package io.harwarden.har;

/**
 * URLs, absolute or relative: userinfo passwords, secret query and fragment parameters (OAuth implicit flow puts
 * tokens in the fragment), secret path parameters ({@code ;jsessionid=}) and token shapes anywhere in the path.
 */
final class UrlSanitizer {
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
        String base = scanner.scan(url.substring(0, pathEnd), at);
        String queryPart = "";
        if (query >= 0) {
            int queryEnd = hash >= 0 ? hash : url.length();
            queryPart = "?" + forms.sanitize(url.substring(query + 1, queryEnd), at, NameKind.QUERY_PARAM);
        }
        String fragmentPart = "";
        if (hash >= 0) {
            String fragment = url.substring(hash + 1);
            fragmentPart = "#" + (fragment.indexOf('=') >= 0 ? forms.sanitize(fragment, at, NameKind.QUERY_PARAM)
                    : scanner.scan(fragment, at));
        }
        String result = base + queryPart + fragmentPart;
        return result.equals(url) ? url : result;
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
