package io.harwarden.casestore.redmine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon says at start when the Redmine settings are incomplete, and where the key may come from. */
class RedmineStoreFactoryTest {
    @TempDir
    Path dir;

    private static RedmineStoreFactory.RedmineConfig config(String url, String key, Path keyFile) {
        return new RedmineStoreFactory.RedmineConfig() {
            @Override
            public Optional<URI> url() {
                return Optional.ofNullable(url).map(URI::create);
            }

            @Override
            public Optional<String> apiKey() {
                return Optional.ofNullable(key);
            }

            @Override
            public Optional<Path> apiKeyFile() {
                return Optional.ofNullable(keyFile);
            }

            @Override
            public Optional<List<String>> projects() {
                return Optional.of(List.of(" support ", ""));
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(15);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(60);
            }
        };
    }

    private static String failure(RedmineStoreFactory.RedmineConfig config) {
        return assertThrows(IOException.class, () -> new RedmineStoreFactory(config, new ObjectMapper()).create())
                .getMessage();
    }

    @Test
    void eachMissingOrBadSettingIsNamed() throws Exception {
        assertEquals("set harwarden.store.redmine.url", failure(config(null, "k", null)));
        assertEquals("harwarden.store.redmine.url must be an http or https URL",
                failure(config("ftp://redmine", "k", null)));
        assertTrue(failure(config("http://redmine", null, null)).contains("api-key-file"));
        Path missing = dir.resolve("nope.key");
        assertTrue(failure(config("http://redmine", null, missing)).startsWith("cannot read"));
        Path empty = Files.writeString(dir.resolve("empty.key"), "\n");
        assertTrue(failure(config("http://redmine", null, empty)).endsWith("is empty"));
    }

    @Test
    void theKeyFileIsReadAndNeverShown() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("redmine.key"), "s3cr3tkey0123456789\n");
        var store = new RedmineStoreFactory(config("http://redmine.example.com", " ", keyFile), new ObjectMapper())
                .create();
        assertEquals("redmine", store.type());
        assertEquals(Duration.ofSeconds(15), store.pollInterval());
        assertEquals("Redmine at http://redmine.example.com/, projects [support]", store.toString());
        assertFalse(store.toString().contains("s3cr3t"));
    }
}
