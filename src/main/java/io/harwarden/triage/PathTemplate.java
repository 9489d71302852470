package io.harwarden.triage;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A URL as support reads it in a table: scheme, host and path, ids in the path shown as placeholders named after
 * the segment before them ({@code /customers/{org}/users/{user}}), the query and fragment dropped (their values are
 * the customer's, and the sanitizer's business).
 */
public final class PathTemplate {
    private static final Pattern UUID = Pattern.compile(
            "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern HEX = Pattern.compile("(?i)[0-9a-f]{16,}");
    /** A long token mixing letters and digits (base64/base62 ids, Webex's base64 URNs). */
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_=-]{20,}");
    private static final Map<String, String> ALIASES = Map.of("customers", "org", "customer", "org", "orgs", "org",
            "organizations", "org", "organisations", "org", "tenants", "org", "tenant", "org");

    private PathTemplate() {
    }

    /** {@code https://host/path/{id}}, or the input's first 200 characters when it is not a URL. */
    public static String of(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return url.length() <= 200 ? url : url.substring(0, 200);
        }
        int pathStart = url.indexOf('/', schemeEnd + 3);
        int end = firstOf(url, "?#", schemeEnd + 3);
        if (pathStart < 0 || pathStart > end) {
            return url.substring(0, end);
        }
        StringBuilder out = new StringBuilder(url.substring(0, pathStart));
        String previous = null;
        for (String segment : url.substring(pathStart + 1, end).split("/", -1)) {
            out.append('/');
            if (isId(segment)) {
                out.append('{').append(placeholder(previous)).append('}');
                previous = null;
            } else {
                out.append(segment);
                previous = segment;
            }
        }
        return out.toString();
    }

    /** The host of a URL, lower case, without port or credentials; empty when there is none. */
    public static String host(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return "";
        }
        int end = firstOf(url, "/?#", schemeEnd + 3);
        String authority = url.substring(schemeEnd + 3, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = authority.startsWith("[") ? authority.indexOf("]:") + 1 : authority.lastIndexOf(':');
        return (colon > 0 ? authority.substring(0, colon) : authority).toLowerCase(Locale.ROOT);
    }

    /** The scheme, host and port: the origin a browser compares for CORS. */
    public static String origin(String url) {
        int schemeEnd = url.indexOf("://");
        return schemeEnd < 0 ? "" : url.substring(0, firstOf(url, "/?#", schemeEnd + 3)).toLowerCase(Locale.ROOT);
    }

    static boolean isId(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        if (UUID.matcher(segment).matches() || NUMBER.matcher(segment).matches() || HEX.matcher(segment).matches()
                || segment.contains("@")) {
            return true;
        }
        return OPAQUE.matcher(segment).matches() && segment.chars().anyMatch(Character::isDigit)
                && segment.chars().anyMatch(Character::isLetter);
    }

    private static String placeholder(String previous) {
        if (previous == null || previous.isEmpty()) {
            return "id";
        }
        String p = previous.toLowerCase(Locale.ROOT);
        String alias = ALIASES.get(p);
        if (alias != null) {
            return alias;
        }
        if (p.endsWith("ies") && p.length() > 3) {
            return p.substring(0, p.length() - 3) + "y";
        }
        if (p.endsWith("s") && !p.endsWith("ss") && p.length() > 1) {
            return p.substring(0, p.length() - 1);
        }
        return p.matches("[a-z][a-z0-9_-]{0,30}") ? p : "id";
    }

    private static int firstOf(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
