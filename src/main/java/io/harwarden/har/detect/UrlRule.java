package io.harwarden.har.detect;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.Markers;
import java.util.Locale;
import java.util.Set;

/**
 * The scanner's URL rule, at the {@code ://} of any URL in any text: the password of {@code user:password@}, a user
 * name that is a token ({@code https://<key>@o1.ingest.sentry.io/2}), and the path of a webhook, whose tokens are the
 * credential: every token-like segment after a segment such as {@code hooks} or {@code webhookb2}, whatever the host
 * (Rocket.Chat, Mattermost, Teams, self-hosted chat servers, formats no catalogue knows).
 */
final class UrlRule {
    /** Path segments after which the rest of a path is a webhook's credential, on any host. */
    private static final Set<String> HOOK_WORDS = Set.of("hooks", "hook", "webhook", "webhooks", "webhookb2",
            "incomingwebhook", "incoming");
    /** Segments that mean the same on a host whose name holds the key (Slack's services, triggers and workflows). */
    private static final Set<String> SLACK_WORDS = Set.of("services", "triggers", "workflows");
    private static final int MIN_TOKEN = 16;

    private final TextScanner scanner;
    private final Redactor redactor;

    UrlRule(TextScanner scanner, Redactor redactor) {
        this.scanner = scanner;
        this.redactor = redactor;
    }

    /** {@code i} is at the colon of {@code ://}; returns the offset to go on from. */
    int at(String s, int i, Rewrite out, Location at) {
        int authStart = i + 3;
        int authEnd = authStart;
        int userEnd = -1;
        while (authEnd < s.length() && !endsAuthority(s.charAt(authEnd))) {
            if (s.charAt(authEnd) == '@') {
                userEnd = authEnd;
            }
            authEnd++;
        }
        int next = i + 3;
        if (userEnd >= 0) {
            next = userinfo(s, authStart, userEnd, out, at);
        }
        if (authEnd < s.length() && s.charAt(authEnd) == '/') {
            String host = s.substring(userEnd >= 0 ? userEnd + 1 : authStart, authEnd).toLowerCase(Locale.ROOT);
            next = Math.max(next, hookPath(s, authEnd, host, out, at));
        }
        return next;
    }

    private static boolean endsAuthority(char c) {
        return c == '/' || c == '?' || c == '#' || c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>'
                || c == '\\';
    }

    /** {@code user:password@}: the password; a user name alone when it is a token. Returns the offset after it. */
    private int userinfo(String s, int authStart, int userEnd, Rewrite out, Location at) {
        int colon = colonOutsideMarkers(s, authStart, userEnd);
        if (colon < 0) {
            String user = s.substring(authStart, userEnd);
            if (isToken(user)) {
                out.replace(authStart, userEnd, redactor.mark(UrlCodec.decode(user), Category.CREDENTIAL, at));
                return userEnd + 1;
            }
            return authStart;
        }
        if (colon + 1 == userEnd) {
            return authStart;
        }
        String user = s.substring(authStart, colon); // skipped by the scanner: scanned here (a token as a user name)
        String scannedUser = scanner.scan(user, at);
        if (scannedUser != user) {
            out.replace(authStart, colon, scannedUser);
        }
        String password = s.substring(colon + 1, userEnd);
        if (!Markers.isMarker(password)) {
            out.replace(colon + 1, userEnd, redactor.mark(UrlCodec.decode(password), Category.URL_PASSWORD, at));
        }
        return userEnd + 1;
    }

    /** The first colon in {@code [from, to)} that is not inside a marker (a user name redacted already), or -1. */
    static int colonOutsideMarkers(String s, int from, int to) {
        for (int j = from; j < to; j++) {
            int marker = Markers.end(s, j);
            if (marker > 0) {
                j = marker - 1;
            } else if (s.charAt(j) == ':') {
                return j;
            }
        }
        return -1;
    }

    /**
     * After a hook word, every token-like segment of the path is redacted. {@code p} is at the slash that opens the
     * path; returns the offset after the last segment redacted, or -1.
     */
    private int hookPath(String s, int p, String host, Rewrite out, Location at) {
        boolean hook = false;
        int last = -1;
        while (p < s.length() && s.charAt(p) == '/') {
            int start = p + 1;
            int end = Markers.end(s, start);
            if (end <= start) {
                end = start;
                while (end < s.length() && isSegmentChar(s.charAt(end))) {
                    end++;
                }
            }
            String segment = s.substring(start, end);
            if (hook && isToken(segment)) {
                out.replace(start, end, redactor.mark(UrlCodec.decode(segment), Category.WEBHOOK, at));
                last = end;
            } else if (!hook) {
                String word = segment.toLowerCase(Locale.ROOT);
                hook = HOOK_WORDS.contains(word) || host.contains("slack") && SLACK_WORDS.contains(word);
            }
            p = end;
        }
        return last;
    }

    /** Where a webhook URL that a format found at {@code end} really ends: past any token-like segments after it. */
    static int webhookEnd(String s, int end) {
        int p = end;
        while (p < s.length() && s.charAt(p) == '/') {
            int next = p + 1;
            while (next < s.length() && isSegmentChar(s.charAt(next))) {
                next++;
            }
            if (!isToken(s.substring(p + 1, next))) {
                break;
            }
            p = next;
        }
        return p;
    }

    private static boolean isSegmentChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.' || c == '~' || c == '%' || c == '+' || c == '=' || c == '@';
    }

    /** Long enough, of URL token characters only, with a letter and a digit: a key, not a word or a number. */
    private static boolean isToken(String t) {
        if (t.length() < MIN_TOKEN || Markers.isMarker(t)) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            if (!isSegmentChar(c)) {
                return false;
            }
            letter |= Character.isLetter(c);
            digit |= c >= '0' && c <= '9';
        }
        return letter && digit;
    }
}
