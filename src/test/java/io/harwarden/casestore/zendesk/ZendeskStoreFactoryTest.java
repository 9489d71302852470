package io.harwarden.casestore.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.harwarden.casestore.CaseStore;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon says at start when the Zendesk settings are incomplete, and how each credential is sent. */
class ZendeskStoreFactoryTest {
    @RegisterExtension
    static WireMockExtension zendesk = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("zendesk")).build();

    @TempDir
    Path dir;

    private record Settings(String url, String email, String token, Path tokenFile, String oauth, String secret) {
    }

    private static ZendeskStoreFactory.ZendeskConfig config(Settings s) {
        return new ZendeskStoreFactory.ZendeskConfig() {
            @Override
            public Optional<URI> url() {
                return Optional.ofNullable(s.url()).map(URI::create);
            }

            @Override
            public Optional<String> email() {
                return Optional.ofNullable(s.email());
            }

            @Override
            public Optional<String> apiToken() {
                return Optional.ofNullable(s.token());
            }

            @Override
            public Optional<Path> apiTokenFile() {
                return Optional.ofNullable(s.tokenFile());
            }

            @Override
            public Optional<String> oauthToken() {
                return Optional.ofNullable(s.oauth());
            }

            @Override
            public Optional<Path> oauthTokenFile() {
                return Optional.empty();
            }

            @Override
            public Optional<String> webhookSecret() {
                return Optional.ofNullable(s.secret());
            }

            @Override
            public Optional<Path> webhookSecretFile() {
                return Optional.empty();
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(60);
            }

            @Override
            public Duration lookback() {
                return Duration.ofDays(7);
            }

            @Override
            public MemorySize maxAttachmentSize() {
                return new MemorySize(BigInteger.valueOf(50L << 20));
            }

            @Override
            public ZendeskCaseStore.Redaction redaction() {
                return ZendeskCaseStore.Redaction.COMMENT;
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(5);
            }
        };
    }

    private static CaseStore create(Settings s) throws IOException {
        return new ZendeskStoreFactory(config(s), new ObjectMapper()).create();
    }

    private static String failure(Settings s) {
        return assertThrows(IOException.class, () -> create(s)).getMessage();
    }

    @Test
    void eachMissingOrBadSettingIsNamedInOneLine() {
        assertEquals("set harwarden.store.zendesk.url", failure(new Settings(null, "a@b", "t", null, null, null)));
        assertEquals("harwarden.store.zendesk.url must be an http or https URL",
                failure(new Settings("ftp://acme.zendesk.com", "a@b", "t", null, null, null)));
        assertEquals("set harwarden.store.zendesk.email and api-token (or api-token-file), or oauth-token",
                failure(new Settings("https://acme.zendesk.com", null, "t", null, null, null)));
        assertEquals("set harwarden.store.zendesk.email and api-token (or api-token-file), or oauth-token",
                failure(new Settings("https://acme.zendesk.com", "a@b", " ", null, null, null)));
        assertTrue(failure(new Settings("https://acme.zendesk.com", "a@b", null, dir.resolve("nope"), null, null))
                .startsWith("cannot read harwarden.store.zendesk.api-token-file"));
    }

    @Test
    void theApiTokenFromItsFileGoesAsEmailSlashTokenAndIsNeverShown() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("zendesk.token"), ZendeskCaseStoreTest.TOKEN + "\n");
        CaseStore store = create(new Settings(zendesk.baseUrl(), ZendeskCaseStoreTest.EMAIL, null, tokenFile, null,
                null));
        assertEquals(Optional.of("900001"), store.ownAccount()); // the model refuses any other Authorization
        assertEquals("zendesk", store.type());
        assertTrue(store.webhook().isEmpty(), "no secret, no webhook");
        assertFalse(store.toString().contains(ZendeskCaseStoreTest.TOKEN));
    }

    @Test
    void anOAuthTokenGoesAsBearerAndASecretOpensTheWebhook() throws Exception {
        zendesk.stubFor(get(urlEqualTo("/api/v2/users/me.json")).atPriority(0).withHeader("Authorization",
                equalTo("Bearer oauth-access-token-1")).willReturn(okJson("{\"user\":{\"id\":900002}}")));
        CaseStore store = create(new Settings(zendesk.baseUrl(), null, null, null, "oauth-access-token-1", "s3"));
        assertEquals(Optional.of("900002"), store.ownAccount());
        assertEquals("zendesk", store.webhook().orElseThrow().system());
    }
}
