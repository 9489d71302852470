package io.harwarden.casestore.jira;

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

/** What the daemon says at start when the Jira settings are incomplete, and how each credential is sent. */
class JiraStoreFactoryTest {
    @RegisterExtension
    static WireMockExtension jira = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("jira")).build();

    @TempDir
    Path dir;

    private record Settings(String url, String email, String token, Path tokenFile, String pat, String secret) {
    }

    private static JiraStoreFactory.JiraConfig config(Settings s) {
        Map<String, String> properties = new HashMap<>(Map.of("harwarden.store.jira.request-timeout", "5s",
                "harwarden.store.jira.projects", " SUP ,"));
        put(properties, "url", s.url());
        put(properties, "email", s.email());
        put(properties, "api-token", s.token());
        put(properties, "api-token-file", s.tokenFile() == null ? null : s.tokenFile().toString());
        put(properties, "personal-access-token", s.pat());
        put(properties, "deployment", s.pat() != null ? "data-center" : null);
        put(properties, "webhook-secret", s.secret());
        return TestConfig.mapping(JiraStoreFactory.JiraConfig.class, properties);
    }

    private static void put(Map<String, String> properties, String name, String value) {
        if (value != null) {
            properties.put("harwarden.store.jira." + name, value);
        }
    }

    private static CaseStore create(Settings s) throws IOException {
        return new JiraStoreFactory(config(s), new ObjectMapper()).create();
    }

    private static String failure(Settings s) {
        return assertThrows(IOException.class, () -> create(s)).getMessage();
    }

    @Test
    void eachMissingOrBadSettingIsNamedInOneLine() {
        assertEquals("set harwarden.store.jira.url", failure(new Settings(null, "a@b", "t", null, null, null)));
        assertEquals("harwarden.store.jira.url must be an http or https URL",
                failure(new Settings("file:///etc", "a@b", "t", null, null, null)));
        assertEquals("set harwarden.store.jira.email and api-token (or api-token-file), or personal-access-token",
                failure(new Settings("https://acme.atlassian.net", null, "t", null, null, null)));
        assertTrue(failure(new Settings("https://acme.atlassian.net", "a@b", null, dir.resolve("none"), null, null))
                .startsWith("cannot read harwarden.store.jira.api-token-file"));
    }

    @Test
    void theApiTokenGoesAsEmailColonTokenAndAPersonalAccessTokenAsBearer() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("jira.token"), JiraCaseStoreTest.TOKEN + "\n");
        CaseStore cloud = create(new Settings(jira.baseUrl(), JiraCaseStoreTest.EMAIL, null, tokenFile, null, null));
        assertEquals(Optional.of(JiraCaseStoreTest.ME), cloud.ownAccount()); // the model refuses other credentials
        assertEquals("Jira at " + jira.baseUrl() + "/, projects [SUP]", cloud.toString());
        assertFalse(cloud.toString().contains(JiraCaseStoreTest.TOKEN));
        assertTrue(cloud.webhook().isEmpty());

        jira.stubFor(get(urlEqualTo("/rest/api/2/myself")).atPriority(0).withHeader("Authorization",
                equalTo("Bearer pat-0001")).willReturn(okJson("{\"key\":\"JIRAUSER10100\"}")));
        CaseStore dataCenter = create(new Settings(jira.baseUrl(), null, null, null, "pat-0001", "s"));
        assertEquals(Optional.of("JIRAUSER10100"), dataCenter.ownAccount());
        assertEquals("jira", dataCenter.webhook().orElseThrow().system());
    }
}
