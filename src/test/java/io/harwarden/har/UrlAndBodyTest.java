package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UrlAndBodyTest {
    private final Fixture f = new Fixture();

    @Test
    void sensitiveQueryParametersAreRedactedAndOthersKept() {
        String out = f.url("https://files.example.com/dl?access_token=tok1&X-Amz-Signature=sig2"
                + "&X-Amz-Credential=AKID%2F20240101&file=report.txt&api_key=k3&SAMLRequest=s4");
        assertEquals("https://files.example.com/dl?access_token=" + f.marker("tok1", Category.TOKEN)
                + "&X-Amz-Signature=" + f.marker("sig2", Category.SIGNATURE)
                + "&X-Amz-Credential=" + f.marker("AKID/20240101", Category.CREDENTIAL)
                + "&file=report.txt&api_key=" + f.marker("k3", Category.API_KEY)
                + "&SAMLRequest=" + f.marker("s4", Category.SAML), out);
    }

    @Test
    void userinfoPasswordFragmentAndPathParameters() {
        assertEquals("https://user:" + f.marker("pa ss", Category.URL_PASSWORD) + "@h.example.com/a",
                f.url("https://user:pa%20ss@h.example.com/a"));
        assertEquals("https://app.example.com/cb#access_token=" + f.marker("t", Category.TOKEN) + "&expires_in=3600",
                f.url("https://app.example.com/cb#access_token=t&expires_in=3600"));
        assertEquals("https://shop.example.com/cart;jsessionid=" + f.marker("ABC123", Category.SESSION) + "?x=1",
                f.url("https://shop.example.com/cart;jsessionid=ABC123?x=1"));
    }

    @Test
    void nestedEncodedUrlInAParameterIsSanitizedToo() {
        String out = f.url("https://idp.example.com/login?next=https%3A%2F%2Fapp.example.com%2Fcb%3Ftoken%3Dnest3d");
        assertFalse(out.contains("nest3d"), out);
        assertTrue(out.startsWith("https://idp.example.com/login?next="), out);
    }

    @Test
    void queryValueMarkerMatchesQueryStringArrayMarker() {
        String url = f.url("https://a.example.com/?token=a%2Bb");
        String element = f.rules.forms.value("token", "a+b", Location.REQUEST_QUERY_STRING, NameKind.QUERY_PARAM);
        assertTrue(url.endsWith(element), url + " vs " + element);
    }

    @Test
    void urlWithoutSecretsIsUnchanged() {
        String url = "https://www.example.com/search?q=caf%C3%A9&page=2#results";
        assertSame(url, f.url(url));
    }

    @Test
    void formBodyFieldsAndParamsAgree() {
        String body = f.body("grant_type=refresh_token&refresh_token=rt-1&client_secret=cs-2&password=p%40ss",
                "application/x-www-form-urlencoded");
        assertEquals("grant_type=refresh_token&refresh_token=" + f.marker("rt-1", Category.TOKEN) + "&client_secret="
                + f.marker("cs-2", Category.SECRET) + "&password=" + f.marker("p@ss", Category.PASSWORD), body);
        assertEquals(f.marker("p@ss", Category.PASSWORD),
                f.rules.forms.value("password", "p@ss", Location.REQUEST_BODY, NameKind.FORM_FIELD));
    }

    @Test
    void jsonBodiesAreRedactedRecursivelyByKeyWithFormattingKept() {
        String json = "{\n  \"user\": {\"email\": \"a@example.com\", \"password\": \"pw1\"},\n  \"otp\": \"123456\","
                + " \"pin\": 4321, \"items\": [{\"apiKey\": \"k\"}], \"credentials\": {\"user\": \"u\", \"x\": \"y\"},"
                + " \"code\": 500, \"message\": \"not found\"\n}";
        String out = f.body(json, "application/json; charset=utf-8");
        assertEquals("{\n  \"user\": {\"email\": \"a@example.com\", \"password\": \"" + f.marker("pw1", Category.PASSWORD)
                + "\"},\n  \"otp\": \"" + f.marker("123456", Category.PASSWORD) + "\", \"pin\": \""
                + f.marker("4321", Category.PASSWORD) + "\", \"items\": [{\"apiKey\": \"" + f.marker("k", Category.API_KEY)
                + "\"}], \"credentials\": {\"user\": \"" + f.marker("u", Category.CREDENTIAL) + "\", \"x\": \""
                + f.marker("y", Category.CREDENTIAL) + "\"},"
                + " \"code\": 500, \"message\": \"not found\"\n}", out);
    }

    @Test
    void jsonBodyTokensThatAreJwtsKeepHeaderAndPayload() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJlLXNlY3JldC0xMjM0";
        String out = f.body("{\"id_token\":\"" + jwt + "\",\"token_type\":\"Bearer\"}", "application/json");
        assertEquals("{\"id_token\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0." + f.marker(jwt, Category.JWT_SIGNATURE)
                + "\",\"token_type\":\"Bearer\"}", out);
    }

    @Test
    void invalidJsonFallsBackToTextRulesWithoutDoubleCounting() {
        String out = f.body("{\"token\": \"abc123\", broken", "application/json");
        assertFalse(out.contains("abc123"), out);
        assertEquals(1, f.tally.total());
    }

    @Test
    void multipartFieldsByName() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nbob\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nmp-secret\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"api_key\":\"ak-1\"}\r\n--XyZ--\r\n";
        String out = f.body(body, "multipart/form-data; boundary=XyZ");
        assertFalse(out.contains("mp-secret"), out);
        assertFalse(out.contains("ak-1"), out);
        assertTrue(out.contains("name=\"username\"\r\n\r\nbob\r\n"), out);
    }

    @Test
    void base64TextualBodiesAreDecodedSanitizedAndReencoded() {
        String plain = "{\"access_token\": \"b64-secret\", \"name\": \"caf\u00e9\"}";
        String encoded = Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        String out = f.rules.bodies.sanitize(encoded, "application/json", "base64", Location.RESPONSE_BODY);
        String decoded = new String(Base64.getDecoder().decode(out), StandardCharsets.UTF_8);
        assertEquals("{\"access_token\": \"" + f.marker("b64-secret", Category.TOKEN) + "\", \"name\": \"caf\u00e9\"}",
                decoded);
    }

    @Test
    void binaryBodiesPassUnchanged() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        String encoded = Base64.getEncoder().encodeToString(png);
        assertSame(encoded, f.rules.bodies.sanitize(encoded, "image/png", "base64", Location.RESPONSE_BODY));
        assertSame(encoded, f.rules.bodies.sanitize(encoded, null, "base64", Location.RESPONSE_BODY));
    }

    @Test
    void opaqueBinaryBodiesStillLoseTokenShapes() {
        String key = "AIzaSyBOti4mM-6x9WDnZIjIeyEU21OpBXqWBgw";
        String raw = "\n\u0014user\u0010c\u0018\u0001b'" + key + "\u0002\u0010";
        assertFalse(f.body(raw, "application/octet-stream").contains(key));
        byte[] proto = ("\u0000\u0001" + key + "\u0002").getBytes(StandardCharsets.ISO_8859_1);
        String out = f.rules.bodies.sanitize(Base64.getEncoder().encodeToString(proto), "application/x-protobuf",
                "base64", Location.REQUEST_BODY);
        assertFalse(new String(Base64.getDecoder().decode(out), StandardCharsets.ISO_8859_1).contains(key));
    }

    @Test
    void webSocketFramesAreTreatedLikeBodies() {
        assertEquals("{\"type\":\"auth\",\"token\":\"" + f.marker("ws-tok", Category.TOKEN) + "\"}",
                f.rules.bodies.message("{\"type\":\"auth\",\"token\":\"ws-tok\"}", false));
        String frame = Base64.getEncoder().encodeToString("session=ws-sess-1".getBytes(StandardCharsets.UTF_8));
        String out = f.rules.bodies.message(frame, true);
        assertFalse(new String(Base64.getDecoder().decode(out), StandardCharsets.UTF_8).contains("ws-sess-1"));
    }
}
