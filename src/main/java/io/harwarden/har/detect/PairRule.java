package io.harwarden.har.detect;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.Markers;
import io.harwarden.har.NameKind;
import java.util.Optional;

/**
 * The scanner's pair rule: {@code key: value}, {@code key=value} and {@code 'key' => 'value'} in free text, the key
 * read backwards from the assignment and judged by the name rules, the value quoted or up to a delimiter.
 */
final class PairRule {
    /** Longest quoted value a pair rule will take as one secret; longer runs are left to the shape rules. */
    private static final int MAX_QUOTED_VALUE = 65_536;
    private static final int MAX_KEY = 64;
    static final int MIN_UNQUOTED_VALUE = 3;

    private final SecretValues secrets;
    private final NameRules rules;
    private final Redactor redactor;
    private final TextScanner scanner;
    /** The last text asked about a JWK, and the answer. */
    private String jwkChecked;
    private boolean jwkText;

    PairRule(SecretValues secrets, NameRules rules, TextScanner scanner) {
        this.secrets = secrets;
        this.rules = rules;
        this.redactor = secrets.redactor();
        this.scanner = scanner;
    }

    /**
     * A {@code key: value} or {@code key=value} pair, {@code i} at the assignment character; the key is read
     * backwards and judged by the name rules. Returns the offset past the value when the value was redacted.
     */
    int pair(String s, int i, Rewrite out, Location at) {
        char assign = s.charAt(i);
        boolean arrow = assign == '=' && i + 1 < s.length() && s.charAt(i + 1) == '>'; // Ruby, PHP: 'key' => 'v'
        if (assign == '=' && !arrow && !isPlainAssignment(s, i)) {
            return -1;
        }
        if (assign == ':' && i + 1 < s.length() && s.charAt(i + 1) == ':') {
            return i + 2;
        }
        int k = i - 1;
        while (k >= 0 && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k--;
        }
        char keyQuote = 0;
        if (k >= 0 && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
            keyQuote = s.charAt(k);
            k--;
            if (k >= 0 && s.charAt(k) == '\\') {
                k--;
            }
        }
        int keyEnd = k + 1;
        while (k >= 0 && keyEnd - k <= MAX_KEY && isKeyChar(s.charAt(k))) {
            k--;
        }
        int keyStart = k + 1;
        if (keyStart == keyEnd || keyEnd - keyStart > MAX_KEY) {
            return -1;
        }
        if (keyQuote != 0 && (keyStart == 0 || s.charAt(keyStart - 1) != keyQuote)) {
            return -1;
        }
        String key = s.substring(keyStart, keyEnd);
        boolean queryLike = assign == '=' && (keyStart == 0 || isQuerySeparator(s.charAt(keyStart - 1)));
        Optional<Category> category = queryLike ? rules.param(key) : rules.bodyKey(key);
        int valueFrom = arrow ? i + 2 : i + 1;
        if (category.isEmpty()) {
            int jwk = JwkMembers.isPrivate(key) && inJwkText(s) ? jwkMember(s, valueFrom, key, out, at) : -1;
            return jwk > 0 ? jwk : keyedValue(s, valueFrom, key, out, at);
        }
        boolean line = isBlank(s, i - 1) || isBlank(s, valueFrom) || keyStart > 0 && isBlank(s, keyStart - 1)
                || keyStart == 0 && s.indexOf('\n') > 0; // the first line of a .env file; a form body has no lines
        return value(s, valueFrom, key, category.get(), queryLike, line, out, at);
    }

    private static boolean isBlank(String s, int i) {
        if (i < 0 || i >= s.length()) {
            return false;
        }
        char c = s.charAt(i);
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Whether the text holds a JSON Web Key; asked only at a key named like a JWK's private member, once per text. */
    private boolean inJwkText(String s) {
        if (s != jwkChecked) {
            jwkChecked = s;
            jwkText = JwkMembers.inDocument(s);
        }
        return jwkText;
    }

    /** A JWK's private member ({@code "d": "…"}) whose quoted value is key material; returns the offset after it. */
    private int jwkMember(String s, int from, String key, Rewrite out, Location at) {
        int[] quoted = quotedAt(s, skipBlanks(s, from));
        if (quoted == null || quoted[1] < 0 || !JwkMembers.isKeyMaterial(s.substring(quoted[0], quoted[1]))) {
            return -1;
        }
        int start = quoted[0];
        int end = quoted[1];
        out.replace(start, end, redactor.mark(s.substring(start, end), Category.PRIVATE_KEY, at, NameKind.BODY_KEY,
                key));
        return end;
    }

    /** A value after a key that names no secret: redacted only when it is a keyword format of that key. */
    private int keyedValue(String s, int from, String key, Rewrite out, Location at) {
        int v = skipBlanks(s, from);
        if (v >= s.length()) {
            return -1;
        }
        char c = s.charAt(v);
        boolean quoted = c == '"' || c == '\'';
        int start = quoted ? v + 1 : v;
        int end = quoted ? closingQuote(s, start, c, false) : valueEnd(s, v, false);
        if (end <= start) {
            return -1;
        }
        String redacted = scanner.keyed(key, s.substring(start, end), at);
        if (redacted == null) {
            return -1;
        }
        out.replace(start, end, redacted);
        return end;
    }

    /**
     * The value after a secret's key. Unquoted, it ends at the next delimiter; but in a line of text ({@code key = v},
     * {@code key: v}, {@code export KEY=v}, a {@code .env} line) only at a blank or a quote: a password may hold
     * {@code &}, {@code ;} or {@code ,}, and only a query string gives them a meaning.
     */
    private int value(String s, int from, String key, Category category, boolean queryLike, boolean line,
            Rewrite out, Location at) {
        int v = skipBlanks(s, from);
        if (v >= s.length()) {
            return -1;
        }
        NameKind kind = queryLike ? NameKind.QUERY_PARAM : NameKind.BODY_KEY;
        int[] quoted = quotedAt(s, v);
        if (quoted != null) {
            int start = quoted[0];
            int end = quoted[1];
            if (end < 0 || end == start) {
                return -1;
            }
            String value = s.substring(start, end);
            String redacted = secrets.redact(value, category, at, kind, key);
            if (!redacted.equals(value)) {
                out.replace(start, end, redacted);
            }
            return end;
        }
        int end = valueEnd(s, v, line);
        if (end - v < MIN_UNQUOTED_VALUE) {
            return end > v ? end : -1;
        }
        String value = s.substring(v, end);
        if (SecretValues.isRedacted(value)) {
            return end;
        }
        if (category == Category.AUTH && isSchemeWord(value) && end < s.length() && s.charAt(end) == ' ') {
            return -1; // "Authorization: Bearer x": the scheme rule redacts the credential after the word
        }
        int scheme = line ? schemeCredentialEnd(s, value, end) : -1;
        if (scheme > 0) { // "key: FlyV1 fm2_…", "token = Custom abc…": the word is a scheme, the credential follows
            end = scheme;
            value = s.substring(v, end);
        }
        String redacted = queryLike && !line ? redactQueryValue(value, category, key, at)
                : secrets.redact(value, category, at, kind, key);
        if (!redacted.equals(value)) {
            out.replace(v, end, redacted);
        }
        return end;
    }

    private static int skipBlanks(String s, int from) {
        int v = from;
        while (v < s.length() && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
            v++;
        }
        return v;
    }

    /**
     * The quoted value at {@code v} ({@code "…"}, {@code '…'}, or {@code \"…\"} of JSON inside a string) as the start
     * and end of its content, the end -1 when it is not closed; null when no quote opens at {@code v}.
     */
    private static int[] quotedAt(String s, int v) {
        if (v >= s.length()) {
            return null;
        }
        char c = s.charAt(v);
        boolean escaped = c == '\\' && v + 1 < s.length() && (s.charAt(v + 1) == '"' || s.charAt(v + 1) == '\'');
        if (c != '"' && c != '\'' && !escaped) {
            return null;
        }
        int start = v + (escaped ? 2 : 1);
        return new int[] {start, closingQuote(s, start, escaped ? s.charAt(v + 1) : c, escaped)};
    }

    /**
     * Where an unquoted value ends, never inside a marker, which belongs to the value (a JWT keeps
     * {@code header.payload.} before its marker; the re-scan must read the value the first pass wrote): at a delimiter,
     * or in a line of text only at a blank, a quote or a backslash.
     */
    private static int valueEnd(String s, int from, boolean line) {
        int end = from;
        while (end < s.length()) {
            int marker = Markers.end(s, end);
            if (marker > 0) {
                end = marker;
                continue;
            }
            char c = s.charAt(end);
            if (line ? c <= ' ' || c == '"' || c == '\'' || c == '`' || c == '\\' : isUnquotedDelimiter(c)) {
                break;
            }
            end++;
        }
        return end;
    }

    private String redactQueryValue(String raw, Category category, String key, Location at) {
        String decoded = UrlCodec.decode(raw);
        if (SecretValues.isRedacted(decoded)) {
            return raw;
        }
        Jwt jwt = Jwt.whole(decoded);
        if (jwt != null) {
            return secrets.redactJwt(decoded, jwt, at, NameKind.QUERY_PARAM, key);
        }
        return redactor.mark(decoded, category, at, NameKind.QUERY_PARAM, key);
    }

    private static int closingQuote(String s, int from, char quote, boolean escaped) {
        int limit = Math.min(s.length(), from + MAX_QUOTED_VALUE);
        for (int j = from; j < limit; j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                if (escaped && j + 1 < s.length() && s.charAt(j + 1) == quote) {
                    return j;
                }
                j++;
                continue;
            }
            if (c == quote && !escaped) {
                return j;
            }
            if (c == '\n' || c == '\r') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isPlainAssignment(String s, int i) {
        if (i + 1 < s.length()) {
            char next = s.charAt(i + 1);
            if (next == '=' || next == '>') {
                return false;
            }
        }
        return i == 0 || !isOperatorChar(s.charAt(i - 1));
    }

    /** Characters that turn {@code =} into an operator ({@code ==}, {@code !=}, {@code +=}, ...): a hot check. */
    private static boolean isOperatorChar(char c) {
        return switch (c) {
            case '=', '!', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '?' -> true;
            default -> false;
        };
    }

    /**
     * Where the credential after a scheme-like word ends ({@code FlyV1}, {@code Token}, letters, digits, {@code _-},
     * up to 20), when the value is such a word followed by one blank and a token of at least 16 characters with a
     * digit; else -1.
     */
    private static int schemeCredentialEnd(String s, String value, int end) {
        if (value.isEmpty() || !Character.isLetter(value.charAt(0)) || !isWord(value, true) || end + 1 >= s.length()
                || s.charAt(end) != ' ') {
            return -1;
        }
        int tokenEnd = valueEnd(s, end + 1, true);
        boolean digit = false;
        for (int j = end + 1; j < tokenEnd; j++) {
            digit |= Character.isDigit(s.charAt(j));
        }
        return tokenEnd - end - 1 >= 16 && digit ? tokenEnd : -1;
    }

    private static boolean isSchemeWord(String value) {
        return isWord(value, false);
    }

    /** Up to 20 letters, {@code _} and {@code -} (and digits when {@code digits}): a word like {@code Bearer}. */
    private static boolean isWord(String value, boolean digits) {
        if (value.length() > 20) {
            return false;
        }
        for (int j = 0; j < value.length(); j++) {
            char c = value.charAt(j);
            if (!Character.isLetter(c) && !(digits && Character.isDigit(c)) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isQuerySeparator(char c) {
        return c == '?' || c == '&' || c == '#' || c == ';' || c <= ' ';
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '$';
    }

    private static boolean isUnquotedDelimiter(char c) {
        return c <= ' ' || c == '&' || c == ';' || c == ',' || c == '"' || c == '\'' || c == '<' || c == '>'
                || c == ')' || c == '}' || c == ']' || c == '\\' || c == '#';
    }
}
