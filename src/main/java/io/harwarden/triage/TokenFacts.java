package io.harwarden.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Facts about the bearer token a call sent, computed on the original and never carrying any part of it: whether it
 * had expired when the call started, and by how long.
 */
final class TokenFacts {
    private static final JsonFactory JSON = new JsonFactory();

    private TokenFacts() {
    }

    /**
     * Seconds by which the call's bearer JWT had expired when the call started, or -1 when it had not (or there is no
     * readable JWT, or no start time).
     */
    static long expiredSecondsBefore(HarEntry entry, Instant started) {
        String auth = entry.requestHeader("Authorization");
        if (auth == null || started == null) {
            return -1;
        }
        String value = auth.strip();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return -1;
        }
        String[] parts = value.substring(7).strip().split("\\.");
        if (parts.length != 3) {
            return -1;
        }
        long exp = exp(parts[1]);
        if (exp <= 0) {
            return -1;
        }
        long late = started.getEpochSecond() - exp;
        return late > 0 ? late : -1;
    }

    private static long exp(String payload) {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(payload.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException notBase64) {
            return -1;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken t = p.nextToken();
                if (name.equals("exp") && (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT)) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
        } catch (Exception notJson) {
            return -1;
        }
        return -1;
    }
}
