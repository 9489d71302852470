package io.harwarden.exception;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The production sign-in, against the WireMock OIDC provider that {@code OidcWiremockTestResource} starts: bearer
 * tokens for the API, the authorization-code flow for the pages (hybrid), roles from the tokens' groups.
 */
public class WithOidc implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                "quarkus.oidc.client-id", "harwarden",
                "quarkus.oidc.credentials.secret", "harwarden-test-secret");
    }
}
