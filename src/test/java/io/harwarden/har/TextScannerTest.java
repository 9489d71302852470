package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextScannerTest {
    private final Fixture f = new Fixture();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AKIAIOSFODNN7EXAMPLE|aws-access-key",
            "ASIAY34FZKBOKMUTVV7A|aws-access-key",
            "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789|github-token",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz|github-token",
            "glpat-abcdefghij0123456789|gitlab-token",
            "xoxb-1234567890-abcdefghij|slack-token",
            "xoxd-abc%2Fdef%2Bghijklm|slack-token",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc|stripe-key",
            "AIzaSyA1234567890abcdefghijklmnopqrstuv|google-api-key",
            "ya29.a0AfH6SMBx1234567890abcdefghij|google-oauth-token",
            "npm_abcdefghijklmnopqrstuvwxyz0123456789|npm-token",
            "sk-proj-abcdefghijklmnopqrstuvwxyz|openai-key",
            "sk-ant-api03-abcdefghijklmnopqrstuv|anthropic-key",
            "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG|sendgrid-key",
            "shpat_0123456789abcdef0123456789abcdef|shopify-token",
            "hf_abcdefghijklmnopqrstuvwxyz0123456789|huggingface-token"})
    void wellKnownTokenShapesAreRedactedAnywhere(String token, String category) {
        String out = f.text("log line: " + token + " end");
        assertFalse(out.contains(token), out);
        assertTrue(out.matches("log line: \\[REDACTED:" + category + ":[0-9a-f]{8}] end"), out);
    }

    @Test
    void shapesNeedABoundarySoWordsAreNotCut() {
        String text = "XAKIAIOSFODNN7EXAMPLE and myghp_abcdefghijklmnopqrstuvwxyz0123456789";
        assertSame(text, f.text(text));
    }

    @Test
    void jwtKeepsHeaderAndPayload() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1Iiwibm9uY2UiOiJuIn0.c2lnbmF0dXJlLXNlY3JldC0xMjM0";
        String out = f.text("token " + jwt + " here");
        assertEquals("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1Iiwibm9uY2UiOiJuIn0."
                + f.marker(jwt, Category.JWT_SIGNATURE) + " here", out);
    }

    @Test
    void jweKeepsOnlyItsHeader() {
        String jwe = "eyJhbGciOiJSU0EtT0FFUCJ9.ZW5jcnlwdGVka2V5.aXY.Y2lwaGVydGV4dA.dGFn";
        String out = f.text(jwe);
        assertEquals("eyJhbGciOiJSU0EtT0FFUCJ9." + f.marker(jwe, Category.JWE), out);
    }

    @Test
    void unsignedJwtHasNothingToHide() {
        String text = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.";
        assertSame(text, f.text(text));
    }

    @Test
    void pemPrivateKeyBodyIsRedactedAndCertificatesAreKept() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\nabcd==\n-----END RSA PRIVATE KEY-----";
        String out = f.text("cfg " + key);
        assertFalse(out.contains("MIIEpAIBAAKCAQEA1234"), out);
        assertTrue(out.contains("-----BEGIN RSA PRIVATE KEY-----[REDACTED:private-key:"), out);
        String cert = "-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----";
        assertSame(cert, f.text(cert));
    }

    @Test
    void quotedPairsByKeyNameInJavaScriptAndHtml() {
        String js = "window.cfg = {\"accessToken\":\"tok-abc-123\", 'apiKey': 'key-987', user: \"bob\"};";
        String out = f.text(js);
        assertEquals("window.cfg = {\"accessToken\":\"" + f.marker("tok-abc-123", Category.TOKEN) + "\", 'apiKey': '"
                + f.marker("key-987", Category.API_KEY) + "', user: \"bob\"};", out);
    }

    @Test
    void escapedJsonInsideTextIsHandled() {
        String text = "data = \"{\\\"refresh_token\\\":\\\"rt-secret-1\\\",\\\"x\\\":1}\"";
        String out = f.text(text);
        assertFalse(out.contains("rt-secret-1"), out);
    }

    @Test
    void unquotedAssignmentsAndQueryLikePairs() {
        String out = f.text("redirect to /cb?code=abc123&state=ok then password: hunter22");
        assertEquals("redirect to /cb?code=" + f.marker("abc123", Category.OAUTH_CODE) + "&state=ok then password: "
                + f.marker("hunter22", Category.PASSWORD), out);
    }

    @Test
    void hiddenInputsAndMetaTagsNamedLikeTokens() {
        String html = "<form><input type=\"hidden\" name=\"csrf_token\" value=\"c5rf-v4lue\">"
                + "<input name=\"q\" value=\"search\"></form><meta name=\"csrf-token\" content=\"m3ta-t0k\">";
        String out = f.text(html);
        assertFalse(out.contains("c5rf-v4lue"), out);
        assertFalse(out.contains("m3ta-t0k"), out);
        assertTrue(out.contains("value=\"search\""), out);
    }

    @Test
    void samlSignatureValueIsRedacted() {
        String xml = "<ds:Signature><ds:SignatureValue>c2lnbmF0dXJlIGJ5dGVz</ds:SignatureValue>"
                + "<ds:X509Certificate>MIIC</ds:X509Certificate></ds:Signature>";
        String out = f.text(xml);
        assertFalse(out.contains("c2lnbmF0dXJlIGJ5dGVz"), out);
        assertTrue(out.contains("<ds:X509Certificate>MIIC</ds:X509Certificate>"), out);
    }

    @Test
    void bearerAndBasicCredentialsInFreeText() {
        String out = f.text("curl -H 'Authorization: Bearer abcdef123456' -H \"Authorization: Basic dXNlcjpwYXNz\"");
        assertFalse(out.contains("abcdef123456"), out);
        assertFalse(out.contains("dXNlcjpwYXNz"), out);
        assertTrue(out.contains("Bearer [REDACTED:auth:"), out);
    }

    @Test
    void urlUserinfoPasswordInText() {
        String out = f.text("db at postgres://app:s3cr3tpw@db.internal:5432/app");
        assertEquals("db at postgres://app:" + f.marker("s3cr3tpw", Category.URL_PASSWORD) + "@db.internal:5432/app", out);
    }

    @Test
    void plainTextWithoutSecretsIsReturnedAsIs() {
        String text = "Hello, 世界! Order 12345 shipped; status=ok; ratio = 0.5; a::b; key: x";
        assertSame(text, f.text(text));
        assertEquals(0, f.tally.total());
    }

    @Test
    void scanningIsIdempotent() {
        String once = f.text("{\"token\":\"abc123def\"} ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 "
                + "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNlY3JldA password=x1y2z3");
        long count = f.tally.total();
        assertSame(once, f.text(once));
        assertEquals(count, f.tally.total());
    }
}
