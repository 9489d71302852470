package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadersTest {
    private final Fixture f = new Fixture();

    @ParameterizedTest
    @CsvSource({"Authorization,Bearer", "authorization,Bearer", "AUTHORIZATION,Basic", "Proxy-Authorization,Basic",
            "authorization,Digest", "authorization,api_key", "Authorization,SSWS", "authorization,Token"})
    void authorizationKeepsTheSchemeWordOfAnyScheme(String name, String scheme) {
        String out = f.header(name, scheme + " c2VjcmV0LXZhbHVlLTEyMw");
        assertEquals(scheme + " " + f.marker("c2VjcmV0LXZhbHVlLTEyMw", Category.AUTH), out);
    }

    @Test
    void authorizationWithoutSchemeIsRedactedWhole() {
        assertEquals(f.marker("rawtokenvalue", Category.AUTH), f.header("Authorization", "rawtokenvalue"));
    }

    @Test
    void bearerJwtKeepsHeaderAndPayloadAndLosesSignature() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNlY3JldA";
        String out = f.header("Authorization", "Bearer " + jwt);
        assertEquals("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0." + f.marker(jwt, Category.JWT_SIGNATURE), out);
        assertFalse(out.contains("c2lnbmF0dXJlLXNlY3JldA"));
    }

    @Test
    void credentialHeadersByNameAreRedacted() {
        assertEquals(f.marker("k-123456", Category.API_KEY), f.header("X-API-Key", "k-123456"));
        assertEquals(f.marker("t-123456", Category.AUTH), f.header("x-auth-token", "t-123456"));
        assertEquals(f.marker("c-123456", Category.CSRF), f.header("X-CSRF-Token", "c-123456"));
        assertEquals(f.marker("s-123456", Category.TOKEN), f.header("X-Amz-Security-Token", "s-123456"));
        assertEquals(f.marker("sub-1234", Category.API_KEY), f.header("Ocp-Apim-Subscription-Key", "sub-1234"));
    }

    @Test
    void troubleshootingHeadersSurviveUnchanged() {
        assertEquals("2f1c-77aa-req", f.header("Trackingid", "2f1c-77aa-req"));
        assertEquals("REQ-1", f.header("X-Request-Id", "REQ-1"));
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                f.header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", f.header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals("default-src 'self'", f.header("Content-Security-Policy", "default-src 'self'"));
        assertEquals(0, f.tally.total());
    }

    @Test
    void cookieHeaderKeepsNamesAndRedactsEveryValue() {
        String out = f.header("cookie", "sessionid=abc123; theme=dark; U88+abc=plus");
        assertEquals("sessionid=" + f.marker("abc123", Category.COOKIE) + "; theme=" + f.marker("dark", Category.COOKIE)
                + "; U88+abc=" + f.marker("plus", Category.COOKIE), out);
    }

    @Test
    void setCookieKeepsAttributesAndSplitsJoinedCookies() {
        String out = f.header("Set-Cookie", "a=one; Path=/; HttpOnly\nb=two; Secure; SameSite=Lax");
        assertEquals("a=" + f.marker("one", Category.COOKIE) + "; Path=/; HttpOnly\nb=" + f.marker("two", Category.COOKIE)
                + "; Secure; SameSite=Lax", out);
    }

    @Test
    void urlHeadersLoseSecretParametersOnly() {
        assertEquals("https://app.example.com/page?token=" + f.marker("t0ken", Category.TOKEN) + "&tab=2",
                f.header("Referer", "https://app.example.com/page?token=t0ken&tab=2"));
        assertEquals("https://app.example.com/cb?code=" + f.marker("c0de", Category.OAUTH_CODE) + "&state=xyz",
                f.header("Location", "https://app.example.com/cb?code=c0de&state=xyz"));
        assertEquals("/api/v1?access_token=" + f.marker("tok", Category.TOKEN),
                f.header(":path", "/api/v1?access_token=tok"));
        assertEquals("https://app.example.com", f.header("Origin", "https://app.example.com"));
    }

    @Test
    void unknownHeaderValuesStillGetShapeRules() {
        String out = f.header("X-Debug", "key AKIAIOSFODNN7EXAMPLE used");
        assertTrue(out.startsWith("key [REDACTED:aws-access-key:"), out);
    }

    @Test
    void alreadyRedactedValuesAreLeftAlone() {
        String once = f.header("Authorization", "Bearer abcdefgh12345");
        long count = f.tally.total();
        assertEquals(once, f.header("Authorization", once));
        assertEquals(count, f.tally.total());
    }
}
