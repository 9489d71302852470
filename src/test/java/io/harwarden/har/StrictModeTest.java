package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict mode redacts random tokens no format knows, and keeps what support needs that only looks random. */
class StrictModeTest {
    private final Fixture strict = new Fixture(SanitizerPolicy.defaults().withEntropy(true));
    private final Fixture normal = new Fixture();

    private static final List<String> UNKNOWN_SECRETS = List.of("Zq8xK2mP9vL4nR7tW1yB3cF6", "a9F3kLm2Qx7Vb1Nc8Rt4Yw6Ez0",
            "4f9Kx2Lq8Zm1Vb7Nc3Rt6Yw0Pa5Sd-Gh_Jk", "mZ8/xK2+mP9vL4nR7tW1yB3cF6Hh=");

    private static final List<String> KEPT = List.of("83c1d4b2-6f1e-4c8a-9b7d-2e5f6a1b3c4d",
            "ATLAS_81167162-feb6-4a99-a357-d2c7f811a73f_3", "3f786850e387550fdab836ed7e6dc881de23001b",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "d41d8cd98f00b204e9800998ecf8427e",
            "/api/v1/customers/42/users/7/features/callrecording", "cdn-2.eu-west-1.static.example.com",
            "2025-06-10T15:20:41.445Z", "v125.0.6422.142", "Invalid Product: Creating dub point failed in Dubber.",
            "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9", "alice.martin@example.com");

    @Test
    void aRandomTokenNoFormatKnowsIsRedactedOnlyInStrictMode() {
        for (String secret : UNKNOWN_SECRETS) {
            for (String text : List.of("value " + secret + " end", secret, "{\"cfg\":\"" + secret + "\"}")) {
                assertFalse(strict.text(text).contains(secret), "strict: " + text);
                assertTrue(normal.text(text).contains(secret), "default keeps it: " + text);
            }
        }
    }

    @Test
    void whatOnlyLooksRandomIsKeptEvenInStrictMode() {
        for (String keep : KEPT) {
            assertEquals("x " + keep + " y", strict.text("x " + keep + " y"), keep);
        }
    }

    @Test
    void bothPassesAgreeInStrictMode() {
        String har = Fixture.har("\"headers\":[{\"name\":\"X-Custom\",\"value\":\"" + UNKNOWN_SECRETS.get(0) + "\"}]",
                null);
        Fixture.Result result = Fixture.sanitize(har.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                SanitizerPolicy.defaults().withEntropy(true));
        assertFalse(result.json().contains(UNKNOWN_SECRETS.get(0)));
    }

    @Test
    void aPolicyFileTurnsStrictModeOnAndTheReportSaysSo() throws Exception {
        SanitizerPolicy policy = PolicyFile.read(new java.io.ByteArrayInputStream("{\"entropy\": true}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), "p.json");
        assertTrue(policy.entropy());
        assertTrue(policy.version().endsWith("+strict"), policy.version());
        assertFalse(PolicyFile.read(new java.io.ByteArrayInputStream("{}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), "p.json").entropy());
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> PolicyFile.read(
                new java.io.ByteArrayInputStream("{\"entropy\": \"yes\"}".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)), "p.json"));
    }
}
