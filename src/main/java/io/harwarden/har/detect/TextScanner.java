package io.harwarden.har.detect;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.Markers;
import io.harwarden.har.NameKind;
import java.util.Optional;

/**
 * Finds secrets in free text (HTML, JavaScript, plain text, header values, any string) in one left-to-right pass:
 * {@code key: "value"} and {@code key=value} pairs whose key names a secret, well-known token shapes, JWT signatures,
 * PEM private keys, {@code Bearer}/{@code Basic} credentials, hidden form inputs and meta tags named like CSRF tokens,
 * SAML signature values, and passwords in URL userinfo. Each position is looked at once; a match is skipped past, so
 * replacements never overlap and the cost is linear in the text.
 */
public final class TextScanner {
    private static final int MAX_TAG = 4096;

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
    private final PairRule pairs;
    private final UrlRule urls;
    /** Texts this scanner found nothing in lately (see {@link CleanTexts}). */
    private final CleanTexts clean = new CleanTexts();

    public TextScanner(SecretValues secrets, NameRules rules) {
        this.secrets = secrets;
        this.rules = rules;
        this.redactor = secrets.redactor();
        this.blocks = new TextBlocks(redactor);
        this.strict = rules.policy().entropy();
        this.pairs = new PairRule(secrets, rules, this);
        this.urls = new UrlRule(this, redactor);
    }

    /** For tests. */
    CleanTexts cleanTexts() {
        return clean;
    }

    /** The text with every secret found replaced; the same instance when nothing was found. */
    public String scan(String text, Location at) {
        if (text.length() < 3 || clean.contains(text)) {
            return text;
        }
        String result = scanOnce(text, at);
        if (result == text) {
            clean.add(text);
        }
        return result;
    }

    private String scanOnce(String text, Location at) {
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
                if (next > nextStart) {
                    next = keyTail(s, matches, candidate, found, next, out, at);
                }
                i = next > i ? next : i + 1;
            }
        } finally {
            depth--;
        }
        return out == null ? s : out.result();
    }

    private int format(String s, Matcher matches, int k, Rewrite out, Location at) {
        int start = matches.start(k);
        Credential credential = matches.credential(k);
        int end = switch (credential.category()) {
            case PRIVATE_KEY -> Base64Lines.end(s, start, matches.end(k));
            case WEBHOOK -> UrlRule.webhookEnd(s, matches.end(k));
            default -> matches.end(k);
        };
        out.replace(start, end, redactor.mark(s.substring(start, end), credential.category(), at, NameKind.FORMAT,
                credential.id()));
        return end;
    }

    /**
     * A rule took the first line of a wrapped private key (as the value of {@code KEY=}); its other lines are redacted
     * too. Returns the offset after them, or {@code next} when no key began before it.
     */
    private int keyTail(String s, Matcher matches, int from, int found, int next, Rewrite out, Location at) {
        int end = next;
        for (int k = from; k < found && matches.start(k) < end; k++) {
            if (matches.credential(k).category() == Category.PRIVATE_KEY) {
                int keyEnd = Base64Lines.end(s, matches.start(k), matches.end(k));
                int tail = Base64Lines.nextLine(s, end);
                if (keyEnd > tail) {
                    out.replace(tail, keyEnd, redactor.mark(s.substring(tail, keyEnd), Category.PRIVATE_KEY, at));
                    end = keyEnd;
                }
            }
        }
        return end;
    }

    /**
     * A credential format that needs its keyword, recognised because {@code name} holds the keyword and the whole
     * {@code value} has the format: the value redacted, or null. Callers that know a value's name ask this first.
     */
    public String keyed(String name, String value, Location at) {
        Credential credential = name == null ? null : formats.keyed(name, value);
        return credential == null ? null
                : redactor.mark(value, credential.category(), at, NameKind.FORMAT, credential.id());
    }

    /** The free-text rules, after the keyword formats for a value whose name is known. */
    public String scan(String name, String value, Location at) {
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
                    return urls.at(s, i, out, at);
                }
                return pairs.pair(s, i, out, at);
            case '=':
                return pairs.pair(s, i, out, at);
            case 'e':
                return jwt(s, i, out, at);
            case 'B':
            case 'b':
                return schemeCredential(s, i, out, at);
            case '-':
                return s.startsWith("-u", i) || s.startsWith("--user", i) ? userOption(s, i, out, at)
                        : pem(s, i, out, at);
            case '<':
                return HtmlTag.tag(s, i, MAX_TAG, this, out, at);
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
        int colon = UrlRule.colonOutsideMarkers(s, start, end);
        if (colon < 0 || end - colon - 1 < PairRule.MIN_UNQUOTED_VALUE) {
            return -1;
        }
        String password = s.substring(colon + 1, end);
        if (!Markers.isMarker(password)) {
            out.replace(colon + 1, end, redactor.mark(password, Category.PASSWORD, at));
        }
        return end;
    }

    /** Used by {@link HtmlTag}. */
    Redactor redactor() {
        return redactor;
    }

    /** Used by {@link HtmlTag}: the value of an attribute pair judged by the element's name. */
    String redactNamedValue(String value, String name, Location at) {
        Optional<Category> category = rules.bodyKey(name);
        return category.isEmpty() ? value : secrets.redact(value, category.get(), at, NameKind.FORM_FIELD, name);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * Any printable ASCII but quotes, brackets and separators: tokens are not all RFC 6750's alphabet (Salesforce's
     * {@code 00D…!AQ…}, Facebook's {@code appid|secret}); a marker's bracket ends one.
     */
    private static boolean isCredentialChar(char c) {
        return c > ' ' && c < 127 && "\"'`<>\\,;()[]{}".indexOf(c) < 0;
    }

}
