package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.har.walk.Rules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs written to get a secret past the rules: duplicate keys, false declarations, documents inside documents,
 * secrets as keys. Each is checked in the output and against the fail-closed re-scan, which must agree.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    /** Sanitizes, asserts no planted secret is left, and that the re-scan of the input finds what the pass redacted. */
    private static String assertNoneLeak(String har, String... secrets) throws Exception {
        String out = Fixture.sanitize(har).json();
        for (String secret : secrets) {
            assertFalse(out.contains(secret), secret + " leaked: " + out);
        }
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults());
        assertThrows(LeakDetectedException.class, () -> sanitizer.verifyClean(
                new ByteArrayInputStream(har.getBytes(StandardCharsets.UTF_8))), "the re-scan finds it in the input");
        return out;
    }

    private static String entry(String entryMembers) {
        return "{\"log\":{\"version\":\"1.2\",\"entries\":[{" + entryMembers + "}]}}";
    }

    @Test
    void whatAnAbandonedReadingWouldHaveRedactedDoesNotFailTheReScan() throws Exception {
        // read as JSON up to the stray character (the key names a token), then as text, where the key is not a key
        String text = "{\"x\u00a3Token\":\"abcdefgh\"\u00d7}";
        String frame = Base64.getEncoder().encodeToString("{\"x\u00a3Token\":\"abcdefgh\"\u00d7}"
                .getBytes(StandardCharsets.ISO_8859_1));
        String out = Fixture.sanitize(entry("\"response\":{\"content\":{\"mimeType\":\"text/plain\",\"text\":\""
                + text.replace("\"", "\\\"") + "\"}},\"_webSocketMessages\":[{\"opcode\":2,\"data\":\"" + frame + "\"}]"))
                .json();
        assertTrue(out.contains(frame), out);
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults());
        assertThrows(LeakDetectedException.class, () -> sanitizer.verifyClean(new ByteArrayInputStream(entry(
                "\"response\":{\"content\":{\"text\":\"{\\\"x\u00a3Token\\\":\\\"abcdefgh\\\"}\"}}")
                .getBytes(StandardCharsets.UTF_8))), "a reading that is kept still counts");
    }

    @Test
    void duplicateValuesUnderASecretNameAreAllRedacted() throws Exception {
        assertNoneLeak(entry("\"request\":{\"headers\":[{\"name\":\"X-Session-Token\",\"value\":\"a1b2c3d4\","
                + "\"value\":\"DupValueSecret1\"}]}"), "DupValueSecret1", "a1b2c3d4");
    }

    @Test
    void aSecretNameAmongDuplicateNamesMakesTheValueSecret() throws Exception {
        assertNoneLeak(entry("\"request\":{\"headers\":[{\"name\":\"Accept\",\"name\":\"X-Session-Token\","
                + "\"value\":\"DupNameSecret22\"}],\"cookies\":[{\"name\":\"theme\",\"name\":\"sid\",\"value\":\"CookieDup33\"}],"
                + "\"queryString\":[{\"name\":\"page\",\"value\":\"2\",\"name\":\"access_token\",\"value\":\"QueryDup44\"}]}"),
                "DupNameSecret22", "CookieDup33", "QueryDup44");
    }

    @Test
    void valuesThatAreNotStringsOrHaveNoNameAreStillRead() throws Exception {
        String out = assertNoneLeak(entry("\"request\":{\"headers\":[{\"name\":\"Authorization\",\"value\":[\"Bearer "
                + "ArrayValueSecret55\"]},{\"name\":\"X-Api-Key\",\"value\":{\"k\":\"ObjectValueSecret66\"}},"
                + "{\"value\":\"Bearer NamelessValueSecret77\"},{\"name\":\"X-Api-Key\",\"value\":12345678901234}]}"),
                "ArrayValueSecret55", "ObjectValueSecret66", "NamelessValueSecret77", "12345678901234");
        assertTrue(out.contains("\"name\":\"Authorization\""), out);
    }

    @Test
    void duplicateTextsAndConflictingTypesInBodies() throws Exception {
        assertNoneLeak(entry("\"response\":{\"content\":{\"mimeType\":\"application/json\","
                + "\"text\":\"{}\",\"text\":\"{\\\"accessToken\\\":\\\"SecondTextSecret8\\\"}\"}}"), "SecondTextSecret8");
        assertNoneLeak(entry("\"request\":{\"postData\":{\"mimeType\":\"image/png\",\"mimeType\":\"application/json\","
                + "\"text\":\"{\\\"password\\\":\\\"ConflictingTypeSecret9\\\"}\"}}"), "ConflictingTypeSecret9");
        assertNoneLeak(entry("\"_webSocketMessages\":[{\"type\":\"send\",\"opcode\":1,\"data\":\"hello\","
                + "\"data\":\"{\\\"token\\\":\\\"SecondFrameSecret10\\\"}\"}]"), "SecondFrameSecret10");
    }

    @Test
    void aBodyDeclaredBase64ThatIsNotIsReadAsText() throws Exception {
        assertNoneLeak(entry("\"response\":{\"content\":{\"mimeType\":\"application/json\",\"encoding\":\"base64\","
                + "\"text\":\"not base64 {\\\"accessToken\\\":\\\"NotBase64Secret11\\\"}\"}}"), "NotBase64Secret11");
        assertNoneLeak(entry("\"request\":{\"postData\":{\"mimeType\":\"text/plain\",\"encoding\":\"base64\","
                + "\"text\":\"Authorization: Bearer NotBase64Secret12\"}}"), "NotBase64Secret12");
    }

    @Test
    void theBase64TextItselfIsScannedToo() throws Exception {
        String key = "AKIAQWERTYUIOPASDFGH"; // 20 letters and digits: valid base64 as it stands
        assertNoneLeak(entry("\"response\":{\"content\":{\"mimeType\":\"application/octet-stream\","
                + "\"encoding\":\"base64\",\"text\":\"" + key + "\"}}"), key);
    }

    @Test
    void mediaTextOutsideTheBase64AlphabetIsRefusedNotPassed() {
        // Chrome writes the encoding after the text, so a media body streams before its encoding is known
        String har = entry("\"response\":{\"content\":{\"mimeType\":\"image/png\",\"text\":\"{\\\"token\\\":"
                + "\\\"HiddenInImage13\\\"}\",\"encoding\":\"base64\"}}");
        HarInputException e = assertThrows(HarInputException.class, () -> new HarSanitizer(SanitizerPolicy.defaults())
                .sanitizeToFile(new ByteArrayInputStream(har.getBytes(StandardCharsets.UTF_8)), dir.resolve("o.har")));
        assertEquals(HarInputException.Problem.BAD_BASE64, e.problem());
    }

    /** A HAR recorded while a HAR was uploaded carries the uploaded one in its request body. */
    @Test
    void aHarInsideABodyIsSanitizedAsAHar() throws Exception {
        List<String> planted = new ArrayList<>();
        String inner = innerHar(planted);
        String asJson = Fixture.JSON.writeValueAsString(inner);
        // as a JSON body, as a multipart part, base64, and as a JSON string inside a JSON body
        assertNoneLeak(entry("\"request\":{\"postData\":{\"mimeType\":\"application/json\",\"text\":" + asJson + "}}"),
                planted.toArray(String[]::new));
        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.har\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + inner + "\r\n--XyZ--\r\n";
        assertNoneLeak(entry("\"request\":{\"postData\":{\"mimeType\":\"multipart/form-data; boundary=XyZ\",\"text\":"
                + Fixture.JSON.writeValueAsString(multipart) + "}}"), planted.toArray(String[]::new));
        String base64 = Base64.getEncoder().encodeToString(inner.getBytes(StandardCharsets.UTF_8));
        assertNoneLeak(entry("\"response\":{\"content\":{\"mimeType\":\"application/json\",\"text\":\"" + base64
                + "\",\"encoding\":\"base64\"}}"), planted.toArray(String[]::new));
        String wrapped = Fixture.JSON.writeValueAsString("{\"attachment\":" + asJson + "}");
        assertNoneLeak(entry("\"request\":{\"postData\":{\"mimeType\":\"application/json\",\"text\":" + wrapped + "}}"),
                planted.toArray(String[]::new));
    }

    private static String innerHar(List<String> planted) {
        String[] values = {"InnerHeaderTok1", "InnerCookie2", "InnerQuery3", "InnerForm4", "InnerJson5",
            "InnerSetCookie6", "InnerAuth7", "InnerParam8", "InnerUrl9"};
        planted.addAll(List.of(values));
        return "{\"log\":{\"version\":\"1.2\",\"entries\":[{\"request\":{\"method\":\"POST\","
                + "\"url\":\"https://api.test/x?access_token=InnerUrl9\","
                + "\"headers\":[{\"name\":\"X-Session-Token\",\"value\":\"InnerHeaderTok1\"},"
                + "{\"name\":\"Authorization\",\"value\":\"Basic InnerAuth7\"}],"
                + "\"cookies\":[{\"name\":\"sid\",\"value\":\"InnerCookie2\"}],"
                + "\"queryString\":[{\"name\":\"access_token\",\"value\":\"InnerQuery3\"}],"
                + "\"postData\":{\"mimeType\":\"application/x-www-form-urlencoded\",\"text\":\"password=InnerForm4\","
                + "\"params\":[{\"name\":\"password\",\"value\":\"InnerParam8\"}]}},"
                + "\"response\":{\"status\":200,\"headers\":[{\"name\":\"Set-Cookie\",\"value\":\"sid=InnerSetCookie6\"}],"
                + "\"content\":{\"mimeType\":\"application/json\",\"text\":\"{\\\"refresh_token\\\":\\\"InnerJson5\\\"}\"}}}]}}";
    }

    @Test
    void nameValueObjectsInJsonBodiesAreJudgedByTheirNames() throws Exception {
        assertNoneLeak(entry("\"response\":{\"content\":{\"mimeType\":\"application/json\",\"text\":"
                + Fixture.JSON.writeValueAsString("{\"env\":[{\"value\":\"EnvSecret14\",\"name\":\"DB_PASSWORD\"},"
                        + "{\"name\":\"X-Api-Key\",\"value\":\"EnvSecret15\"}]}") + "}}"), "EnvSecret14", "EnvSecret15");
    }

    @Test
    void aSecretUsedAsAKeyIsRedacted() throws Exception {
        String token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.KeyJwtSignatureValue16xyz";
        assertNoneLeak(entry("\"_custom\":{\"" + token + "\":{\"scope\":\"repo\"}},\"response\":{\"content\":{"
                + "\"mimeType\":\"application/json\",\"text\":" + Fixture.JSON.writeValueAsString("{\"" + jwt + "\":1}")
                + "}}"), token, "KeyJwtSignatureValue16xyz");
    }

    @Test
    void errorsNeverQuoteAKeyFromTheFile() throws Exception {
        String token = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2";
        for (String har : List.of(entry("\"" + token + "\":{\"x\":tru}"),
                entry("\"request\":{\"" + token + "\":[1,2,"),
                entry("\"CustomerKeyName\":{\"deep\":" + "[".repeat(600) + "]".repeat(600) + "}"))) {
            for (int workers : new int[] {1, 2}) {
                HarInputException e = assertThrows(HarInputException.class, () -> new HarSanitizer(
                        SanitizerPolicy.defaults(), workers).sanitize(new ByteArrayInputStream(
                                har.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream()));
                assertFalse(e.getMessage().contains(token) || e.getMessage().contains("CustomerKeyName"),
                        e.getMessage());
                assertTrue(e.where().matches("entry 0 \\(/log/entries/0(/(request|\\*|\\d+))*\\)"), e.where());
            }
        }
    }

    @Test
    void tooLongNumbersAndKeysSayWhatIsTooLong() {
        String number = entry("\"time\":" + "9".repeat(10_000));
        String key = entry("\"" + "k".repeat(100_000) + "\":1");
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults());
        HarInputException n = assertThrows(HarInputException.class, () -> sanitizer.sanitize(
                new ByteArrayInputStream(number.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream()));
        assertEquals(HarInputException.Problem.NUMBER_TOO_LONG, n.problem(), n.getMessage());
        HarInputException k = assertThrows(HarInputException.class, () -> sanitizer.sanitize(
                new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream()));
        assertEquals(HarInputException.Problem.NAME_TOO_LONG, k.problem(), k.getMessage());
        assertFalse(k.getMessage().contains("kkkk"));
    }

    private static final String GHP = "ghp_" + "K9j8H7g6F5d4S3a2P1o0I9u8Y7t6R5e4W3q2";

    @Test
    void cookieTextOutsideNameValueIsScanned() throws Exception {
        assertNoneLeak(entry("\"request\":{\"headers\":[{\"name\":\"Cookie\",\"value\":\"" + GHP + "\"}]}"), GHP);
        assertNoneLeak(entry("\"request\":{\"headers\":[{\"name\":\"Cookie\",\"value\":\"" + GHP + "=1\"}]}"), GHP);
        assertNoneLeak(entry("\"response\":{\"headers\":[{\"name\":\"Set-Cookie\",\"value\":\"sid=1; Path=/"
                + GHP + "\"}]}"), GHP);
        assertNoneLeak(entry("\"request\":{\"cookies\":[{\"name\":\"theme\",\"value\":\"" + GHP + "\"}]}"), GHP);
    }

    @Test
    void multipartTextOutsideItsPartsIsScanned() throws Exception {
        assertNoneLeak(entry("\"request\":{\"postData\":{\"mimeType\":\"multipart/form-data; boundary=B\",\"text\":\""
                + GHP + "\"}}"), GHP);
        assertNoneLeak(entry("\"request\":{\"postData\":{\"mimeType\":\"multipart/form-data; boundary=B\",\"text\":\""
                + GHP + "\\r\\n--B\\r\\nContent-Disposition: form-data; name=\\\"a\\\"\\r\\n\\r\\nx\\r\\n--B--\\r\\n"
                + GHP + "\"}}"), GHP);
    }

    @Test
    void aBase64MultipartWithABinaryPartIsStillReadPartByPart() throws Exception {
        String multipart = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n"
                + "\u0000\u0001\u0002\r\n--B\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                + "BinaryPartPassword7\r\n--B--\r\n";
        String base64 = Base64.getEncoder().encodeToString(multipart.getBytes(StandardCharsets.ISO_8859_1));
        String out = Fixture.sanitize(entry("\"response\":{\"content\":{\"mimeType\":\"multipart/form-data; "
                + "boundary=B\",\"encoding\":\"base64\",\"text\":\"" + base64 + "\"}}")).json();
        String text = Fixture.JSON.readTree(out).path("log").path("entries").path(0).path("response").path("content")
                .path("text").asText();
        assertFalse(new String(Base64.getDecoder().decode(text), StandardCharsets.ISO_8859_1)
                .contains("BinaryPartPassword7"));
    }

    /** Text that only starts like a marker is text: nothing after it may be skipped. */
    @Test
    void somethingThatOnlyLooksLikeAMarkerHidesNothing() throws Exception {
        assertNoneLeak(entry("\"response\":{\"statusText\":\"[REDACTED: " + GHP + " ]\"}"), GHP);
        assertNoneLeak(entry("\"response\":{\"statusText\":\"-----BEGIN " + GHP + " -----\"}"), GHP);
    }

    /** Fuzzing found the re-scan reading {@code token=header.payload.[marker]} only up to the marker's bracket. */
    @Test
    void bothPassesReadAJwtWithItsMarkerAsOneValue() throws Exception {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIzNDU2";
        for (String text : List.of("token=" + jwt, "Bearer = " + jwt, "access_token: " + jwt)) {
            assertNoneLeak(entry("\"response\":{\"statusText\":\"" + text + "\"}"), "c2lnbmF0dXJlMTIzNDU2");
        }
    }

    /** Rules that redact one part of a text and skip past it must still read what they skipped. */
    @Test
    void whatARuleSkipsPastIsStillRead() throws Exception {
        for (String text : List.of(
                "<input data-copy=\\\"" + GHP + "\\\" name=\\\"csrf_token\\\" value=\\\"abcdef123456\\\">",
                "<ds:SignatureValue Id=\\\"" + GHP + "\\\">c2lnbmF0dXJl</ds:SignatureValue>",
                "https://" + GHP + ":x-oauth-basic@github.example/repo.git",
                "-----BEGIN " + "AKIAQWERTYUIOPASDFGH" + " PRIVATE KEY-----MIIBVQ-----END PRIVATE KEY-----",
                "-----BEGIN \\\":\\\"PRIVATE KEY " + GHP + " -----MIIBVQ-----END PRIVATE KEY-----")) {
            assertNoneLeak(entry("\"response\":{\"content\":{\"mimeType\":\"text/html\",\"text\":\"" + text
                    + "\"}}"), GHP, "AKIAQWERTYUIOPASDFGH");
        }
    }
}
