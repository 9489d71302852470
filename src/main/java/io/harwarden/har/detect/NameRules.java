package io.harwarden.har.detect;

import io.harwarden.har.Category;
import io.harwarden.har.Markers;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.har.walk.Headers;
import io.harwarden.har.walk.Rules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from a name alone (header, parameter, cookie or JSON key) whether its value is a secret, and of what
 * category. Names are split into lower-case words at separators and camelCase humps, so {@code accessToken},
 * {@code access_token} and {@code X-Access-Token} are judged alike. One instance serves one file on one thread; its
 * caches are plain maps for that reason.
 */
public final class NameRules {
    /** Headers that look like credentials by name but carry what support needs, or nothing secret. */
    private static final Set<String> KEPT_HEADERS = Set.of("trackingid", "x-request-id", "x-correlation-id",
            "x-trace-id", "traceparent", "tracestate", "sec-websocket-key", "sec-websocket-accept",
            "content-security-policy", "content-security-policy-report-only", "x-content-security-policy",
            "x-webkit-csp", "access-control-allow-credentials", "access-control-allow-headers",
            "access-control-expose-headers", "access-control-request-headers", "www-authenticate",
            "proxy-authenticate", "x-goog-authuser", ":authority", "x-amz-request-id", "x-amz-id-2",
            "x-amzn-requestid", "x-amzn-trace-id", "cf-ray", "x-b3-traceid", "x-b3-spanid", "public-key-pins",
            "public-key-pins-report-only", "authentication-info");

    /** Words after which a token/secret/session word names metadata, not the secret ({@code token_type}). */
    private static final Set<String> METADATA_WORDS = Set.of("type", "types", "endpoint", "url", "uri", "expiry",
            "expires", "expiration", "exp", "ttl", "lifetime", "length", "count", "format", "version", "name",
            "kind", "usage", "status", "valid", "enabled", "required", "mode", "method", "algorithm", "alg",
            "timeout", "duration", "policy", "scheme", "location", "present", "label", "field");

    /** Qualifiers that make a trailing {@code key} a credential ({@code api_key}, {@code AccountKey}). */
    private static final Set<String> KEY_QUALIFIERS = Set.of("api", "access", "secret", "private", "auth",
            "client", "subscription", "account", "service", "signing", "master", "encryption", "session", "app",
            "application", "license", "consumer", "developer", "admin", "storage", "shared", "hmac", "sas",
            "function", "functions", "primary", "secondary", "ingestion", "write", "x", "sdk", "server", "mobile");

    /** Qualifiers that make a trailing {@code code} a one-time credential ({@code auth_code}, {@code mfa_code}). */
    private static final Set<String> CODE_QUALIFIERS = Set.of("auth", "authorization", "verification", "mfa",
            "otp", "sms", "recovery", "backup", "reset", "security", "access", "login", "device", "user",
            "confirmation", "activation", "totp", "2fa");

    private static final Set<String> PASSWORD_WORDS = Set.of("pwd", "pass", "pw", "pin", "otp", "totp", "hotp",
            "cvv", "cvc", "passwd", "passcode");
    /** "Password" in other languages, inside a word of a name (German and Dutch compound words: DbPasswort). */
    private static final List<String> PASSWORD_IN_WORD = List.of("contrasena", "contraseña", "passwort", "kennwort",
            "wachtwoord", "salasana", "adgangskode", "losenord", "lösenord", "пароль", "密码", "密碼", "パスワード",
            "비밀번호");
    /** "Password" in other languages, as a whole word only (short enough to occur inside other words). */
    private static final Set<String> PASSWORD_WORD = Set.of("senha", "haslo", "hasło", "heslo", "sifre", "şifre",
            "lozinka", "jelszo", "jelszó", "passord", "parolă", "matkhau", "motdepasse");
    private static final Set<String> SESSION_WORDS = Set.of("sid", "sessid", "jsessionid", "phpsessid",
            "aspsessionid", "sessionid", "sessiontoken");
    private static final Set<String> AUTH_WORDS = Set.of("auth", "authorization", "authn", "bearer");

    private static final Optional<Category> NONE = Optional.empty();
    private static final int CACHE_LIMIT = 8192;

    private final SanitizerPolicy policy;
    private final Map<String, Optional<Category>> headerCache = new HashMap<>();
    private final Map<String, Optional<Category>> paramCache = new HashMap<>();
    private final Map<String, Optional<Category>> keyCache = new HashMap<>();

    public NameRules(SanitizerPolicy policy) {
        this.policy = policy;
    }

    SanitizerPolicy policy() {
        return policy;
    }

    /** Category of a header's value, or empty when the header is kept. */
    public Optional<Category> header(String name) {
        return cached(headerCache, name, this::classifyHeader);
    }

    /** Category of a query or form parameter's value, or empty when it is kept. */
    public Optional<Category> param(String name) {
        return cached(paramCache, name, this::classifyParam);
    }

    /** Category of a JSON (or text) key's value, or empty when it is kept. */
    public Optional<Category> bodyKey(String name) {
        return cached(keyCache, name, this::classifyBodyKey);
    }

    /** Whether a cookie's value is redacted: always, unless the policy keeps that cookie name. */
    public boolean redactsCookie(String name) {
        return !policy.cookies().keeps(name.toLowerCase(Locale.ROOT));
    }

    private static Optional<Category> cached(Map<String, Optional<Category>> cache, String name,
            java.util.function.Function<String, Optional<Category>> classifier) {
        Optional<Category> hit = cache.get(name);
        if (hit != null) {
            return hit;
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        Optional<Category> result = classifier.apply(Markers.strip(name));
        cache.put(name, result);
        return result;
    }

    private Optional<Category> classifyHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT).trim();
        if (policy.headers().keeps(lower)) {
            return NONE;
        }
        if (policy.headers().redacts(lower)) {
            return Optional.of(Category.SECRET);
        }
        if (KEPT_HEADERS.contains(lower)) {
            return NONE;
        }
        List<String> words = words(name);
        Optional<Category> common = common(words);
        if (common.isPresent()) {
            return common;
        }
        for (String w : words) {
            if (w.equals("key") || w.endsWith("key") && w.length() > 3 && !w.equals("monkey")) {
                return Optional.of(Category.API_KEY);
            }
            if (w.startsWith("auth") && !w.startsWith("author")) {
                return Optional.of(Category.AUTH);
            }
        }
        return NONE;
    }

    private Optional<Category> classifyParam(String name) {
        String lower = name.toLowerCase(Locale.ROOT).trim();
        if (policy.params().keeps(lower)) {
            return NONE;
        }
        if (policy.params().redacts(lower)) {
            return Optional.of(Category.SECRET);
        }
        switch (lower) {
            case "code":
                return Optional.of(Category.OAUTH_CODE);
            case "key":
                return Optional.of(Category.API_KEY);
            case "ticket":
                return Optional.of(Category.TOKEN);
            default:
                return common(words(name));
        }
    }

    private Optional<Category> classifyBodyKey(String name) {
        String lower = name.toLowerCase(Locale.ROOT).trim();
        if (policy.bodyKeys().keeps(lower)) {
            return NONE;
        }
        if (policy.bodyKeys().redacts(lower)) {
            return Optional.of(Category.SECRET);
        }
        return common(words(name));
    }

    private static boolean isPasswordElsewhere(List<String> words) {
        for (String w : words) {
            if (PASSWORD_WORD.contains(w)) {
                return true;
            }
            for (String password : PASSWORD_IN_WORD) {
                if (w.contains(password)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Rules shared by every kind of name. */
    private static Optional<Category> common(List<String> words) {
        int n = words.size();
        String joined = String.join("", words);
        if (joined.contains("privatekey") || words.contains("private") && words.contains("key")) {
            return Optional.of(Category.PRIVATE_KEY);
        }
        if (joined.contains("motdepasse") || isPasswordElsewhere(words)) {
            return Optional.of(Category.PASSWORD);
        }
        for (int i = 0; i < n; i++) {
            String w = words.get(i);
            boolean metadataFollows = anyMetadataAfter(words, i);
            if (w.contains("password") || w.contains("passphrase") || PASSWORD_WORDS.contains(w)) {
                return metadataFollows ? NONE : Optional.of(Category.PASSWORD);
            }
            if (w.contains("secret") && !w.startsWith("secretar")) {
                return metadataFollows ? NONE : Optional.of(Category.SECRET);
            }
            if (w.contains("csrf") || w.contains("xsrf")) {
                return Optional.of(Category.CSRF);
            }
            if (isTokenWord(w) || w.equals("jwt") || w.equals("verifier")) {
                return metadataFollows ? NONE : Optional.of(Category.TOKEN);
            }
            if (w.startsWith("session") || SESSION_WORDS.contains(w)) {
                return metadataFollows ? NONE : Optional.of(Category.SESSION);
            }
            if (w.equals("apikey") || w.equals("api") && i + 1 < n && words.get(i + 1).startsWith("key")) {
                return Optional.of(Category.API_KEY);
            }
            if ((w.equals("key") || w.equals("keys")) && i > 0 && KEY_QUALIFIERS.contains(words.get(i - 1))
                    || w.endsWith("key") && w.length() > 3 && KEY_QUALIFIERS.contains(w.substring(0, w.length() - 3))) {
                return metadataFollows ? NONE : Optional.of(Category.API_KEY);
            }
            if (w.equals("code") && i > 0 && CODE_QUALIFIERS.contains(words.get(i - 1))
                    || w.endsWith("code") && w.length() > 4 && CODE_QUALIFIERS.contains(w.substring(0, w.length() - 4))) {
                return Optional.of(Category.OAUTH_CODE);
            }
            if (w.equals("sig") || w.endsWith("signature") || w.equals("signatures") || w.equals("hmac")) {
                return metadataFollows ? NONE : Optional.of(Category.SIGNATURE);
            }
            if (w.startsWith("credential")) {
                return Optional.of(Category.CREDENTIAL);
            }
            if (AUTH_WORDS.contains(w)) {
                return Optional.of(Category.AUTH);
            }
            if (w.startsWith("saml") || w.equals("assertion")) {
                return Optional.of(Category.SAML);
            }
            if (w.equals("cookie") || w.equals("cookies")) {
                return Optional.of(Category.COOKIE);
            }
        }
        return NONE;
    }

    private static boolean isTokenWord(String w) {
        return w.equals("token") || w.equals("tokens") || w.endsWith("token") || w.endsWith("tokens");
    }

    private static boolean anyMetadataAfter(List<String> words, int index) {
        for (int i = index + 1; i < words.size(); i++) {
            if (METADATA_WORDS.contains(words.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Lower-case words of a name, split at non-alphanumerics and camelCase humps ({@code XMLHttpToken} → xml, http, token). */
    public static List<String> words(String name) {
        List<String> words = new ArrayList<>(4);
        int len = name.length();
        int start = -1;
        for (int i = 0; i < len; i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                if (start >= 0) {
                    words.add(name.substring(start, i).toLowerCase(Locale.ROOT));
                    start = -1;
                }
                continue;
            }
            if (start < 0) {
                start = i;
            } else if (Character.isUpperCase(c) && isHump(name, i)) {
                words.add(name.substring(start, i).toLowerCase(Locale.ROOT));
                start = i;
            }
        }
        if (start >= 0) {
            words.add(name.substring(start).toLowerCase(Locale.ROOT));
        }
        return words;
    }

    private static boolean isHump(String name, int i) {
        char prev = name.charAt(i - 1);
        if (Character.isLowerCase(prev) || Character.isDigit(prev)) {
            return true;
        }
        return Character.isUpperCase(prev) && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
    }
}
