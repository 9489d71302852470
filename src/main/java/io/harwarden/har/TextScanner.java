package io.harwarden.har;

import io.harwarden.har.detect.Catalogue;
import io.harwarden.har.detect.Credential;
import io.harwarden.har.detect.Matcher;

import java.util.Optional;

/**
 * Finds secrets in free text (HTML, JavaScript, plain text, header values, any string) in one left-to-right pass:
 * {@code key: "value"} and {@code key=value} pairs whose key names a secret, well-known token shapes, JWT signatures,
 * PEM private keys, {@code Bearer}/{@code Basic} credentials, hidden form inputs and meta tags named like CSRF tokens,
 * SAML signature values, and passwords in URL userinfo. Each position is looked at once; a match is skipped past, so
 * replacements never overlap and the cost is linear in the text.
 */
final class TextScanner {
    /** Longest quoted value a pair rule will take as one secret; longer runs are left to the shape rules. */
    private static final int MAX_QUOTED_VALUE = 65_536;
    private static final int MAX_KEY = 64;
    private static final int MAX_TAG = 4096;
    private static final int MIN_UNQUOTED_VALUE = 3;

    /** Per ASCII character: no rule starts here (0), a rule may start here (1), or only at a word start (2). */
    private static final byte[] TRIGGERS = triggers();
    private static final byte ANYWHERE = 1;
    private static final byte WORD_START = 2;

    private final SecretValues secrets;
    private final NameRules rules;
    private final Redactor redactor;
    /** The catalogue's credential formats, found in one pass over each string before the other rules run. */
    private final Matcher formats = Catalogue.standard().matcher();
    private final TextBlocks blocks;
    /** Scans in progress on this scanner: only the outermost uses the shared matcher. */
    private int depth;
    /** Strict mode: high-entropy tokens that no rule knows are redacted too (see {@link HighEntropy}). */
    private final boolean strict;
    TextScanner(SecretValues secrets, NameRules rules) {
        this.secrets = secrets;
        this.rules = rules;
        this.redactor = secrets.redactor();
        this.blocks = new TextBlocks(redactor);
        this.strict = rules.policy().entropy();
    }

    /** The text with every secret found replaced; the same instance when nothing was found. */
    String scan(String text, Location at) {
        if (text.length() < 3) {
            return text;
        }
        String s = text.length() < 40 ? text : blocks.redact(text, at);
        int len = s.length();
        Rewrite out = null;
        int i = 0;
        depth++;
        Matcher matches = depth == 1 ? formats : Catalogue.standard().matcher();
        int found = matches.find(s);
        int candidate = 0;
        int nextStart = found > 0 ? matches.start(0) : Integer.MAX_VALUE;
        try {
            while (i < len) {
                if (i >= nextStart) { // a credential format, unless a rule already took its place
                    if (i == nextStart) {
                        if (out == null) {
                            out = new Rewrite(s);
                        }
                        i = format(s, matches, candidate, out, at);
                    }
                    candidate++;
                    nextStart = candidate < found ? matches.start(candidate) : Integer.MAX_VALUE;
                    continue;
                }
                char c = s.charAt(i);
                if (strict && HighEntropy.isTokenChar(c) && (i == 0 || !HighEntropy.isTokenChar(s.charAt(i - 1)))) {
                    int end = HighEntropy.end(s, i);
                    if (HighEntropy.secretLike(s, i, end) && end <= nextStart) {
                        if (out == null) {
                            out = new Rewrite(s);
                        }
                        out.replace(i, end, redactor.mark(s.substring(i, end), Category.SECRET, at));
                        i = end;
                        continue;
                    }
                }
                byte trigger = c < 128 ? TRIGGERS[c] : 0;
                if (trigger == 0 || trigger == WORD_START && i > 0 && isWordChar(s.charAt(i - 1))
                        || c == '-' && (i + 1 == len || s.charAt(i + 1) != '-' && s.charAt(i + 1) != 'u')) {
                    i++;
                    continue;
                }
                if (out == null) {
                    out = new Rewrite(s);
                }
                int next = dispatch(s, i, c, out, at);
                i = next > i ? next : i + 1;
            }
        } finally {
            depth--;
        }
        return out == null ? s : out.result();
    }

    private int format(String s, Matcher matches, int k, Rewrite out, Location at) {
        int start = matches.start(k);
        int end = matches.end(k);
        Credential credential = matches.credential(k);
        out.replace(start, end, redactor.mark(s.substring(start, end), credential.category(), at, NameKind.FORMAT,
                credential.id()));
        return end;
    }

    /**
     * A credential format that needs its keyword, recognised because {@code name} holds the keyword and the whole
     * {@code value} has the format: the value redacted, or null. Callers that know a value's name ask this first.
     */
    String keyed(String name, String value, Location at) {
        Credential credential = name == null ? null : formats.keyed(name, value);
        return credential == null ? null
                : redactor.mark(value, credential.category(), at, NameKind.FORMAT, credential.id());
    }

    /** The free-text rules, after the keyword formats for a value whose name is known. */
    String scan(String name, String value, Location at) {
        String keyed = keyed(name, value, at);
        return keyed != null ? keyed : scan(value, at);
    }

    /** Tries the rules triggered by character {@code c} at {@code i}; returns the offset to continue from, or -1. */
    private int dispatch(String s, int i, char c, Rewrite out, Location at) {
        switch (c) {
            case '[':
                return skipMarker(s, i);
            case ':':
                if (s.startsWith("://", i)) {
                    return urlUserinfo(s, i, out, at);
                }
                return pair(s, i, out, at);
            case '=':
                return pair(s, i, out, at);
            case 'e':
                return jwt(s, i, out, at);
            case 'B':
            case 'b':
                return schemeCredential(s, i, out, at);
            case '-':
                return s.startsWith("-u", i) || s.startsWith("--user", i) ? userOption(s, i, out, at)
                        : pem(s, i, out, at);
            case '<':
                return tag(s, i, out, at);
            default:
                return -1;
        }
    }

    private static byte[] triggers() {
        byte[] t = new byte[128];
        for (char c : "eBb".toCharArray()) {
            t[c] = WORD_START;
        }
        for (char c : "[:=-<".toCharArray()) {
            t[c] = ANYWHERE;
        }
        return t;
    }

    /** Markers are already redacted; their inner {@code category:hex} must not read as a pair. Only whole ones. */
    private static int skipMarker(String s, int i) {
        return Markers.end(s, i);
    }

    private int jwt(String s, int i, Rewrite out, Location at) {
        if (i > 0 && (Jwt.isBase64Url(s.charAt(i - 1)) || s.charAt(i - 1) == '.')) {
            return -1;
        }
        Jwt jwt = Jwt.at(s, i);
        if (jwt == null) {
            return -1;
        }
        out.replace(i, jwt.end(), secrets.redactJwt(s, jwt, at, null, null));
        return jwt.end();
    }

    /** {@code Bearer <credential>} and {@code Basic <credential>} anywhere in text. */
    private int schemeCredential(String s, int i, Rewrite out, Location at) {
        int wordLen;
        if (s.regionMatches(true, i, "bearer ", 0, 7)) {
            wordLen = 7;
        } else if (s.regionMatches(true, i, "basic ", 0, 6)) {
            wordLen = 6;
        } else {
            return -1;
        }
        if (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))) {
            return -1;
        }
        int start = i + wordLen;
        while (start < s.length() && s.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < s.length() && isCredentialChar(s.charAt(end))) {
            end++;
        }
        if (end - start < 8) {
            return -1;
        }
        if (Markers.end(s, end) > 0) {
            return end; // a JWT whose signature is already a marker
        }
        out.replace(start, end, redactCredential(s.substring(start, end), at));
        return end;
    }

    private String redactCredential(String credential, Location at) {
        Jwt jwt = Jwt.whole(credential);
        return jwt != null ? secrets.redactJwt(credential, jwt, at, null, null)
                : redactor.mark(credential, Category.AUTH, at);
    }

    /**
     * A PEM private key block: the base64 body between its header and footer lines becomes a marker. Only a real label
     * (capitals, digits, spaces and dashes) makes a header, and the label is scanned too: text can sit there.
     */
    private int pem(String s, int i, Rewrite out, Location at) {
        if (!s.startsWith("-----BEGIN ", i)) {
            return -1;
        }
        int labelStart = i + 11;
        int headerEnd = s.indexOf("-----", labelStart);
        if (headerEnd < 0 || headerEnd - i > 80) {
            return -1;
        }
        String label = s.substring(labelStart, headerEnd);
        if (!label.contains("PRIVATE KEY") || !isPemLabel(label)) {
            return -1; // not a key: its label is text like any other, and is scanned as such
        }
        String scannedLabel = scan(label, at);
        if (scannedLabel != label) {
            out.replace(labelStart, headerEnd, scannedLabel);
        }
        int bodyStart = headerEnd + 5;
        int footer = s.indexOf("-----END ", bodyStart);
        int bodyEnd = footer < 0 ? s.length() : footer;
        String body = s.substring(bodyStart, bodyEnd);
        String trimmed = body.strip();
        if (trimmed.isEmpty() || Markers.isMarker(trimmed)) {
            return bodyEnd;
        }
        out.replace(bodyStart, bodyEnd, redactor.mark(trimmed, Category.PRIVATE_KEY, at));
        return bodyEnd;
    }

    private static boolean isPemLabel(String label) {
        for (int j = 0; j < label.length(); j++) {
            char c = label.charAt(j);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Passwords in {@code scheme://user:password@host}. {@code i} is at the colon of "://". */
    private int urlUserinfo(String s, int i, Rewrite out, Location at) {
        int authStart = i + 3;
        int end = authStart;
        int at1 = -1;
        while (end < s.length()) {
            char c = s.charAt(end);
            if (c == '/' || c == '?' || c == '#' || c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>'
                    || c == '\\') {
                break;
            }
            if (c == '@') {
                at1 = end;
            }
            end++;
        }
        if (at1 < 0) {
            return i + 3;
        }
        int colon = colonOutsideMarkers(s, authStart, at1);
        if (colon < 0 || colon + 1 == at1) {
            return i + 3;
        }
        String user = s.substring(authStart, colon); // skipped by the scanner: scanned here (a token as a user name)
        String scannedUser = scan(user, at);
        if (scannedUser != user) {
            out.replace(authStart, colon, scannedUser);
        }
        String password = s.substring(colon + 1, at1);
        if (!Markers.isMarker(password)) {
            out.replace(colon + 1, at1, redactor.mark(UrlCodec.decode(password), Category.URL_PASSWORD, at));
        }
        return at1 + 1;
    }

    /** The first colon in {@code [from, to)} that is not inside a marker (a user name redacted already), or -1. */
    private static int colonOutsideMarkers(String s, int from, int to) {
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

    /** {@code curl -u user:password} and {@code --user user:password}: the password after the first colon. */
    private int userOption(String s, int i, Rewrite out, Location at) {
        int v = s.startsWith("--user", i) ? i + 6 : i + 2;
        if (i > 0 && !Character.isWhitespace(s.charAt(i - 1)) || v >= s.length()
                || s.charAt(v) != ' ' && s.charAt(v) != '=') {
            return -1;
        }
        while (v < s.length() && (s.charAt(v) == ' ' || s.charAt(v) == '=')) {
            v++;
        }
        char quote = v < s.length() && (s.charAt(v) == '\'' || s.charAt(v) == '"') ? s.charAt(v) : 0;
        int start = quote != 0 ? v + 1 : v;
        int end = start;
        while (end < s.length() && (quote != 0 ? s.charAt(end) != quote : !Character.isWhitespace(s.charAt(end)))) {
            end++;
        }
        int colon = colonOutsideMarkers(s, start, end);
        if (colon < 0 || end - colon - 1 < MIN_UNQUOTED_VALUE) {
            return -1;
        }
        String password = s.substring(colon + 1, end);
        if (!Markers.isMarker(password)) {
            out.replace(colon + 1, end, redactor.mark(password, Category.PASSWORD, at));
        }
        return end;
    }

    /**
     * A {@code key: value} or {@code key=value} pair, {@code i} at the assignment character; the key is read
     * backwards and judged by the name rules. Returns the offset past the value when the value was redacted.
     */
    private int pair(String s, int i, Rewrite out, Location at) {
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
            return keyedValue(s, valueFrom, key, out, at);
        }
        return value(s, valueFrom, key, category.get(), queryLike, out, at);
    }

    /** A value after a key that names no secret: redacted only when it is a keyword format of that key. */
    private int keyedValue(String s, int from, String key, Rewrite out, Location at) {
        int v = from;
        while (v < s.length() && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
            v++;
        }
        if (v >= s.length()) {
            return -1;
        }
        char c = s.charAt(v);
        boolean quoted = c == '"' || c == '\'';
        int start = quoted ? v + 1 : v;
        int end = quoted ? closingQuote(s, start, c, false) : unquotedEnd(s, v);
        if (end <= start) {
            return -1;
        }
        String redacted = keyed(key, s.substring(start, end), at);
        if (redacted == null) {
            return -1;
        }
        out.replace(start, end, redacted);
        return end;
    }

    private int value(String s, int from, String key, Category category, boolean queryLike, Rewrite out,
            Location at) {
        int v = from;
        while (v < s.length() && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
            v++;
        }
        if (v >= s.length()) {
            return -1;
        }
        char c = s.charAt(v);
        boolean escaped = c == '\\' && v + 1 < s.length() && (s.charAt(v + 1) == '"' || s.charAt(v + 1) == '\'');
        NameKind kind = queryLike ? NameKind.QUERY_PARAM : NameKind.BODY_KEY;
        if (c == '"' || c == '\'' || escaped) {
            char quote = escaped ? s.charAt(v + 1) : c;
            int start = v + (escaped ? 2 : 1);
            int end = closingQuote(s, start, quote, escaped);
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
        int end = unquotedEnd(s, v);
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
        String redacted = queryLike ? redactQueryValue(value, category, key, at)
                : secrets.redact(value, category, at, kind, key);
        if (!redacted.equals(value)) {
            out.replace(v, end, redacted);
        }
        return end;
    }

    /**
     * Where an unquoted value ends: at a delimiter, but never inside a marker, which belongs to the value (a JWT keeps
     * {@code header.payload.} before its marker); the re-scan must read the value the first pass wrote.
     */
    private static int unquotedEnd(String s, int from) {
        int end = from;
        while (end < s.length()) {
            int marker = Markers.end(s, end);
            if (marker > 0) {
                end = marker;
            } else if (isUnquotedDelimiter(s.charAt(end))) {
                break;
            } else {
                end++;
            }
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

    /** Hidden inputs and meta tags whose name says CSRF/token/secret; and SAML {@code SignatureValue} elements. */
    private int tag(String s, int i, Rewrite out, Location at) {
        int nameStart = i + 1;
        int nameEnd = nameStart;
        while (nameEnd < s.length() && nameEnd - nameStart < 64
                && (Character.isLetterOrDigit(s.charAt(nameEnd)) || s.charAt(nameEnd) == ':'
                        || s.charAt(nameEnd) == '-' || s.charAt(nameEnd) == '_')) {
            nameEnd++;
        }
        if (nameEnd == nameStart) {
            return -1;
        }
        String name = s.substring(nameStart, nameEnd);
        String local = name.substring(name.indexOf(':') + 1);
        if (local.equals("SignatureValue")) {
            return signatureValue(s, nameEnd, out, at);
        }
        if (local.equalsIgnoreCase("input")) {
            return HtmlTag.redactAttribute(s, nameEnd, MAX_TAG, "value", this, out, at);
        }
        if (local.equalsIgnoreCase("meta")) {
            return HtmlTag.redactAttribute(s, nameEnd, MAX_TAG, "content", this, out, at);
        }
        return -1;
    }

    private int signatureValue(String s, int afterName, Rewrite out, Location at) {
        int open = s.indexOf('>', afterName);
        if (open < 0 || open - afterName > MAX_TAG) {
            return -1;
        }
        int close = s.indexOf("</", open + 1);
        if (close < 0) {
            return -1;
        }
        String attributes = s.substring(afterName, open + 1); // skipped by the scanner: scanned here
        String scanned = scan(attributes, at);
        if (scanned != attributes) {
            out.replace(afterName, open + 1, scanned);
        }
        String value = s.substring(open + 1, close).strip();
        if (!value.isEmpty() && !Markers.isMarker(value)) {
            out.replace(open + 1, close, redactor.mark(value, Category.SAML_SIGNATURE, at));
        }
        return close;
    }

    /** Used by {@link HtmlTag}: the value of an attribute pair judged by the element's name. */
    String redactNamedValue(String value, String name, Location at) {
        Optional<Category> category = rules.bodyKey(name);
        return category.isEmpty() ? value : secrets.redact(value, category.get(), at, NameKind.FORM_FIELD, name);
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

    private static boolean isSchemeWord(String value) {
        if (value.length() > 20) {
            return false;
        }
        for (int j = 0; j < value.length(); j++) {
            if (!Character.isLetter(value.charAt(j)) && value.charAt(j) != '_' && value.charAt(j) != '-') {
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

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isCredentialChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                || c == '~' || c == '+' || c == '/' || c == '=' || c == '-';
    }

    private static boolean isUnquotedDelimiter(char c) {
        return c <= ' ' || c == '&' || c == ';' || c == ',' || c == '"' || c == '\'' || c == '<' || c == '>'
                || c == ')' || c == '}' || c == ']' || c == '\\' || c == '#';
    }
}
