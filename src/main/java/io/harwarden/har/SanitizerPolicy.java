package io.harwarden.har;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * What the sanitizer redacts beyond its built-in rules, and the input limits it enforces. The built-in rules are the
 * secure default and cannot be switched off; a policy only adds names to redact, or names to keep by name (values that
 * look like a secret by their shape are still redacted).
 *
 * @param headers extra header names
 * @param params extra query and form parameter names
 * @param bodyKeys extra JSON body keys
 * @param cookies cookie names; every cookie value is redacted unless kept here
 * @param maxStringLength longest string value accepted, in characters (base64 binary bodies streamed past it)
 * @param maxNestingDepth deepest JSON nesting accepted
 * @param entropy strict mode: also redact high-entropy tokens that match no known format and no known safe shape
 */
public record SanitizerPolicy(NameList headers, NameList params, NameList bodyKeys, NameList cookies,
        int maxStringLength, int maxNestingDepth, boolean entropy) {

    /** Version of the built-in rule set; bump when a rule changes what gets redacted. */
    public static final String RULES_VERSION = "2026.12-1";
    public static final int DEFAULT_MAX_STRING_LENGTH = 32_000_000;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 500;

    public SanitizerPolicy {
        headers = headers == null ? NameList.EMPTY : headers;
        params = params == null ? NameList.EMPTY : params;
        bodyKeys = bodyKeys == null ? NameList.EMPTY : bodyKeys;
        cookies = cookies == null ? NameList.EMPTY : cookies;
        if (maxStringLength < 1024) {
            throw new IllegalArgumentException("maxStringLength must be at least 1024, was " + maxStringLength);
        }
        if (maxNestingDepth < 16) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 16, was " + maxNestingDepth);
        }
    }

    /** A policy without strict mode. */
    public SanitizerPolicy(NameList headers, NameList params, NameList bodyKeys, NameList cookies,
            int maxStringLength, int maxNestingDepth) {
        this(headers, params, bodyKeys, cookies, maxStringLength, maxNestingDepth, false);
    }

    public static SanitizerPolicy defaults() {
        return new SanitizerPolicy(null, null, null, null, DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_NESTING_DEPTH);
    }

    public SanitizerPolicy withLimits(int maxStringLength, int maxNestingDepth) {
        return new SanitizerPolicy(headers, params, bodyKeys, cookies, maxStringLength, maxNestingDepth, entropy);
    }

    /** The same policy with strict mode on or off. */
    public SanitizerPolicy withEntropy(boolean on) {
        return new SanitizerPolicy(headers, params, bodyKeys, cookies, maxStringLength, maxNestingDepth, on);
    }

    /** The rules version, plus a short digest of the extra names when there are any, so reports name the policy. */
    public String version() {
        String rules = RULES_VERSION + (entropy ? "+strict" : "");
        if (headers.isEmpty() && params.isEmpty() && bodyKeys.isEmpty() && cookies.isEmpty()) {
            return rules;
        }
        String canonical = canonical("h", headers) + canonical("p", params) + canonical("b", bodyKeys)
                + canonical("c", cookies);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return rules + "+custom." + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(String tag, NameList list) {
        return tag + "-r" + new TreeSet<>(list.redact()) + "-k" + new TreeSet<>(list.keep()) + ';';
    }
}
