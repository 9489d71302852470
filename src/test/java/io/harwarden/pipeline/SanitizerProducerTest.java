package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.har.HarSanitizer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SanitizerProducerTest.CustomNames.class)
class SanitizerProducerTest {

    /** Sets names the way a deployment does, through properties. */
    public static class CustomNames implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("harwarden.sanitizer.redact.headers", "X-Internal-Sig,X-Other",
                    "harwarden.sanitizer.keep.cookies", "theme",
                    "harwarden.sanitizer.max-string-length", "5000000");
        }
    }

    @Inject
    HarSanitizer sanitizer;

    @Test
    void policyComesFromProperties() {
        assertTrue(sanitizer.policy().headers().redact().contains("x-internal-sig"));
        assertTrue(sanitizer.policy().cookies().keep().contains("theme"));
        assertEquals(5_000_000, sanitizer.policy().maxStringLength());
        assertTrue(sanitizer.policy().version().contains("+custom."));
    }
}
