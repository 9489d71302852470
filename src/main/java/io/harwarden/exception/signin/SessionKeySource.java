package io.harwarden.exception.signin;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A random key for the pages' session cookies when none is configured, made once per start and kept in memory only.
 * Without it Quarkus makes one too, but writes it to the log; with it, sessions simply end at a restart. Its ordinal
 * is below every other source, so {@code QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY} (or the property) wins.
 */
public final class SessionKeySource implements ConfigSource {
    private static final String KEY = "quarkus.http.auth.session.encryption-key";
    private static final String VALUE = randomKey();

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, VALUE);
    }

    @Override
    public String getValue(String name) {
        return KEY.equals(name) ? VALUE : null;
    }

    @Override
    public String getName() {
        return "harwarden-session-key";
    }

    @Override
    public int getOrdinal() {
        return 10;
    }
}
