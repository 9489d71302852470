package io.harwarden.exception.pages;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.exception.Role;
import io.harwarden.exception.WithOidc;
import io.harwarden.exception.signin.PasswordHash;
import io.harwarden.exception.signin.UsersFile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Production sign-in to the pages: the OIDC authorization-code flow against a (WireMock) provider, as a browser goes
 * through it; the provider's session then opens the pages, with the roles from the token.
 */
@QuarkusTest
@TestProfile(WithOidc.class)
@WithTestResource(OidcWiremockTestResource.class)
class OidcPagesTest {
    private final Map<String, String> cookies = new HashMap<>();

    private Response get(String url) {
        Response r = given().redirects().follow(false).cookies(cookies).get(url);
        r.getDetailedCookies().asList().forEach(c -> {
            if (c.getMaxAge() == 0) {
                cookies.remove(c.getName());
            } else {
                cookies.put(c.getName(), c.getValue());
            }
        });
        return r;
    }

    private static Map<String, String> query(String location) {
        Map<String, String> q = new HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    @Test
    void withOidcOnNoPasswordSignsAnyoneIn() throws Exception {
        UsersFile.put(Path.of("target/test-data/users.properties"), new UsersFile.User("leftover",
                PasswordHash.hash("leftover password".toCharArray()), Set.of(Role.ADMIN)));
        Response form = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "leftover").formParam("j_password", "leftover password")
                .post("/j_security_check");
        assertEquals(null, form.getCookie("quarkus-credential"), "the form signs nobody in");
        assertEquals(401, given().auth().preemptive().basic("leftover", "leftover password")
                .get("/api/exceptions").statusCode(), "nor does HTTP Basic");
        String signedOut = given().get("/login?out=1").asString();
        assertTrue(signedOut.contains("href=\"/login/oidc\"") && !signedOut.contains("j_password"), signedOut);
    }

    @Test
    void aPageSendsThroughTheProvidersSignInAndBackSignedIn() {
        assertTrue(get("/exceptions/mine").getHeader("Location").endsWith("/login"));
        assertTrue(get("/login").getHeader("Location").endsWith("/login/oidc"), "OIDC on: no password form");
        Response toProvider = get("/login/oidc");
        assertEquals(302, toProvider.statusCode(), toProvider.asString());
        String authorize = toProvider.getHeader("Location");
        String provider = ConfigProvider.getConfig().getValue("keycloak.url", String.class);
        assertTrue(authorize.startsWith(provider.replaceFirst("/auth$", "")), authorize + " vs " + provider);
        Map<String, String> asked = query(authorize);
        assertEquals("code", asked.get("response_type"));
        assertEquals("harwarden", asked.get("client_id"));

        // the person signs in at the provider, which sends the browser back with a code
        Response back = given().redirects().follow(false).queryParam("redirect_uri", asked.get("redirect_uri"))
                .queryParam("state", asked.get("state")).get(URI.create(provider).resolve("/login"));
        String callback = back.getHeader("Location");
        assertNotNull(callback, back.statusCode() + " " + back.asString());
        Response exchanged = get(callback);
        assertTrue(cookies.containsKey("q_session"), exchanged.statusCode() + " " + exchanged.getHeaders());
        Response landing = get("/login/oidc");
        assertEquals(303, landing.statusCode(), landing.asString());
        assertTrue(landing.getHeader("Location").endsWith("/exceptions/mine"));

        Response mine = get("/exceptions/mine");
        assertEquals(200, mine.statusCode(), mine.asString());
        assertTrue(mine.asString().contains("Signed in as alice"), mine.asString());
        assertEquals(200, get("/exceptions/audit").statusCode(), "the token's admin role reads the audit log");
    }
}
