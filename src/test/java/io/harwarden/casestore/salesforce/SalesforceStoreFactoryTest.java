package io.harwarden.casestore.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.TestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the daemon says at start when the Salesforce settings are incomplete, and the JWT bearer flow with a key from a
 * PEM file (PKCS#8 and PKCS#1): an RS256 assertion whose signature the app's public key verifies, with the claims
 * Salesforce asks for.
 */
class SalesforceStoreFactoryTest {
    private static KeyPair keys;

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();
    @TempDir
    Path tmp;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeAll
    static void keyPair() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        keys = rsa.generateKeyPair();
    }

    private CaseStore create(Map<String, String> settings) throws IOException {
        Map<String, String> properties = new HashMap<>(Map.of("harwarden.store.salesforce.request-timeout", "5s"));
        settings.forEach((k, v) -> properties.put("harwarden.store.salesforce." + k, v));
        return new SalesforceStoreFactory(TestConfig.mapping(SalesforceStoreFactory.SalesforceConfig.class,
                properties), new ObjectMapper(), metrics).create();
    }

    private String failure(Map<String, String> settings) {
        return assertThrows(IOException.class, () -> create(settings)).getMessage();
    }

    private static final String URL = "https://acme.my.salesforce.com";

    @Test
    void eachMissingOrBadSettingIsNamedInOneLine() throws Exception {
        assertEquals("set harwarden.store.salesforce.url (the org's My Domain URL)", failure(Map.of("client-id",
                "c")));
        assertEquals("set harwarden.store.salesforce.client-id (the connected app's consumer key)", failure(Map.of(
                "url", URL)));
        assertEquals("set harwarden.store.salesforce.client-secret (or client-secret-file), or private-key-file for "
                + "the JWT bearer flow", failure(Map.of("url", URL, "client-id", "c")));
        assertEquals("set harwarden.store.salesforce.username for the JWT bearer flow", failure(Map.of("url", URL,
                "client-id", "c", "private-key-file", pem("PRIVATE KEY", keys.getPrivate().getEncoded()).toString())));
        assertEquals("harwarden.store.salesforce.url must be an https URL (http only on this machine, for a test "
                + "double): the secret and the tokens go over it", failure(Map.of("url", "http://acme.my.salesforce"
                        + ".com", "client-id", "c", "client-secret", "s")));
        assertEquals("harwarden.store.salesforce.note must be case-comment or chatter", failure(Map.of("url", URL,
                "client-id", "c", "client-secret", "s", "note", "public-comment")));
        assertEquals("harwarden.store.salesforce.file-extensions must list extensions such as har,json", failure(
                Map.of("url", URL, "client-id", "c", "client-secret", "s", "file-extensions", "har') OR (Id != '")));
        Path encrypted = tmp.resolve("enc.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        String refused = failure(Map.of("url", URL, "client-id", "c", "username", "u@acme", "private-key-file",
                encrypted.toString()));
        assertTrue(refused.contains("is encrypted"), refused);
        Path garbage = tmp.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----\n");
        String bad = failure(Map.of("url", URL, "client-id", "c", "username", "u@acme", "private-key-file",
                garbage.toString()));
        assertEquals("harwarden.store.salesforce.private-key-file " + garbage + " is not an RSA private key", bad);
    }

    @Test
    void theStoreNamesItsOrgAndNoCredentialAndReportsTheApiUsage() throws Exception {
        CaseStore store = create(Map.of("url", URL, "client-id", "3MVG9consumer", "client-secret", "s3cret-value"));
        assertEquals("Salesforce at https://acme.my.salesforce.com/", store.toString());
        assertFalse(store.toString().contains("s3cret"));
        assertEquals(-1, metrics.get("harwarden.salesforce.api.requests.used").gauge().value());
    }

    @Test
    void theJwtBearerFlowSignsAnAssertionTheAppsPublicKeyVerifies() throws Exception {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive()
                .getEncoded();
        for (Path key : new Path[] {pem("PRIVATE KEY", keys.getPrivate().getEncoded()), pem("RSA PRIVATE KEY",
                pkcs1)}) {
            salesforce.resetAll();
            salesforce.stubFor(post(urlEqualTo("/services/oauth2/token")).willReturn(okJson("{\"access_token\":"
                    + "\"00D!tok\",\"instance_url\":\"" + salesforce.baseUrl() + "\",\"id\":\"https://login."
                    + "salesforce.com/id/00DHs0000000001MAA/005Hs00000Intg1IAA\",\"token_type\":\"Bearer\"}")));
            CaseStore store = create(Map.of("url", salesforce.baseUrl(), "client-id", "3MVG9consumer", "username",
                    "harwarden@acme.example", "private-key-file", key.toString(), "audience",
                    "https://test.salesforce.com"));
            assertEquals(Optional.of("005Hs00000Intg1IAA"), store.ownAccount());

            salesforce.verify(postRequestedFor(urlEqualTo("/services/oauth2/token")).withRequestBody(containing(
                    "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=")));
            String form = salesforce.getAllServeEvents().get(0).getRequest().getBodyAsString();
            String[] jwt = URLDecoder.decode(form.substring(form.indexOf("assertion=") + 10), StandardCharsets.UTF_8)
                    .split("\\.");
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(keys.getPublic());
            rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(rs256.verify(Base64.getUrlDecoder().decode(jwt[2])), "signed by the app's key");
            ObjectMapper json = new ObjectMapper();
            assertEquals("RS256", json.readTree(Base64.getUrlDecoder().decode(jwt[0])).path("alg").asText());
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(jwt[1]));
            assertEquals("3MVG9consumer", claims.path("iss").asText());
            assertEquals("harwarden@acme.example", claims.path("sub").asText());
            assertEquals("https://test.salesforce.com", claims.path("aud").asText());
            long exp = claims.path("exp").asLong();
            long now = Instant.now().getEpochSecond();
            assertTrue(exp > now && exp <= now + 300, "a few minutes ahead: " + (exp - now));
        }
    }

    private Path pem(String type, byte[] der) throws IOException {
        Path file = tmp.resolve(type.replace(' ', '-') + ".pem");
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END " + type + "-----\n");
        return file;
    }
}
