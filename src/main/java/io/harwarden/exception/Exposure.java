package io.harwarden.exception;

import java.util.Map;

/**
 * What a release would disclose, from the manifest alone (never a value): credentials by category, and of the JWTs
 * among them how many had expired when captured, how many had not, and how many give no expiry.
 */
public record Exposure(long credentials, Map<String, Long> byCategory, long expiredJwts, long liveJwts,
        long jwtsWithoutExpiry) {
}
