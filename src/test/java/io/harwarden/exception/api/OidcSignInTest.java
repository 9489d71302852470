package io.harwarden.exception.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harwarden.exception.WithOidc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Production sign-in: OIDC bearer tokens from a (WireMock) provider, roles from the token's groups claim. */
@QuarkusTest
@TestProfile(WithOidc.class)
@WithTestResource(OidcWiremockTestResource.class)
class OidcSignInTest {
    @Test
    void rolesComeFromTheTokenAndEveryRuleStillApplies() {
        String requester = OidcWiremockTestResource.getAccessToken("erin", Set.of("requester"));
        given().auth().oauth2(requester).get("/api/exceptions").then().statusCode(200);
        given().auth().oauth2(requester).get("/api/exceptions/audit/verify").then().statusCode(403);

        String auditor = OidcWiremockTestResource.getAccessToken("frank", Set.of("harwarden-auditor"));
        given().auth().oauth2(auditor).get("/api/exceptions/audit/verify").then().statusCode(200);

        String stranger = OidcWiremockTestResource.getAccessToken("gina", Set.of("admin-of-something-else"));
        given().auth().oauth2(stranger).get("/api/exceptions/cases/CASE-1/files").then().statusCode(403);
    }

    @Test
    void aForgedOrMissingTokenIsRefused() {
        assertEquals(401, given().auth().oauth2("not.a.token").get("/api/exceptions").statusCode());
        assertEquals(401, given().get("/api/exceptions").statusCode());
    }
}
