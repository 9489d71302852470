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
import io.harwarden.casestore.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, String> properties = new HashMap<>(Map.of("harwarden.store.zendesk.request-timeout", "5s"));
        put(properties, "url", s.url());
        put(properties, "email", s.email());
        put(properties, "api-token", s.token());
        put(properties, "api-token-file", s.tokenFile() == null ? null : s.tokenFile().toString());
        put(properties, "oauth-token", s.oauth());
        put(properties, "webhook-secret", s.secret());
        return TestConfig.mapping(ZendeskStoreFactory.ZendeskConfig.class, properties);
    }

    private static void put(Map<String, String> properties, String name, String value) {
        if (value != null) {
            properties.put("harwarden.store.zendesk." + name, value);
        }
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
