package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The public HAR samples in {@code src/test/resources/har-samples} (see SOURCES.md there). */
class SamplesTest {
    /** The planted secrets of synthetic-leak-probe.har, whole (see SOURCES.md's marker table). */
    private static final List<String> PROBE_SECRETS = List.of("S01opaqueBearerSecret",
            "S02jwtSIGNATUREsecretXYZ0123456789abcdef", "S03sessionCookieSecret", "S04cookieWithPlusName",
            "S05xApiKeySecret", "UzA2cHJveHk6c2VjcmV0", "S07idTokenSIGsecret0123456789", "S08accessTokenInBase64Body",
            "S09setCookieSecret", "S10formRefreshToken", "S11formClientSecret", "S12formPassword",
            "S13respAccessToken", "S14respRefreshToken", "S15locationAuthCode", "S16jsonPassword", "S17otp",
            "S18urlUserinfoPass", "S19queryAccessToken", "S20amzSignature", "S21refererToken", "S22wsAuthToken",
            "S23wsSessionId", "S24samlResponseB64", "ghp_S25aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "AKIAS26ABCDEFGHIJKLM");
    private static final List<String> PROBE_KEEPS = List.of("KEEPreqid-123", "KEEPtrace", "KEEPray-LAX", "KEEPstate",
            "KEEPfile.txt", "KEEPrelay");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"chrome-devtools-base64-bodies.har", "chrome-postdata-utf8-bom.har",
            "firefox118-login-auth-cookies.har", "firefox43-har11-linkedin.har", "mitmproxy-form-params.har",
            "mitmproxy-h2-oauth-slack-cookies.har", "mitmproxy-sse-apikey-auth.har", "mitmproxy-websocket-messages.har",
            "safari-webinspector-base64.har", "synthetic-leak-probe.har", "wpt-chrome-expressen-607-entries.har"})
    void sampleSanitizesToValidJsonWithTheSameEntriesInOrder(String sample) throws Exception {
        JsonNode in = Fixture.JSON.readTree(bytes(sample));
        JsonNode out = Fixture.JSON.readTree(Files.readAllBytes(sanitize(sample)));
        JsonNode inEntries = in.path("log").path("entries");
        JsonNode outEntries = out.path("log").path("entries");
        assertEquals(inEntries.size(), outEntries.size());
        for (int i = 0; i < inEntries.size(); i++) {
            JsonNode a = inEntries.get(i);
            JsonNode b = outEntries.get(i);
            assertEquals(fieldNames(a), fieldNames(b), "entry " + i + " fields");
            assertEquals(a.path("request").path("method"), b.path("request").path("method"));
            assertEquals(a.path("response").path("status"), b.path("response").path("status"));
            assertEquals(a.path("timings"), b.path("timings"), "entry " + i + " timings");
            assertEquals(a.path("request").path("headers").size(), b.path("request").path("headers").size());
            assertEquals(hostAndPath(a), hostAndPath(b), "entry " + i + " url host and path");
        }
        assertEquals(fieldNames(in.path("log")), fieldNames(out.path("log")));
    }

    @Test
    void everyPlantedSecretOfTheProbeIsGoneAndEveryKeepMarkerSurvives() throws Exception {
        Path out = sanitize("synthetic-leak-probe.har");
        String text = Files.readString(out) + decodedBase64Bodies(Fixture.JSON.readTree(out.toFile()));
        for (String secret : PROBE_SECRETS) {
            assertFalse(text.contains(secret), "leaked " + secret.substring(0, 3));
        }
        for (String keep : PROBE_KEEPS) {
            assertTrue(text.contains(keep), "lost " + keep);
        }
        JsonNode entries = Fixture.JSON.readTree(out.toFile()).path("log").path("entries");
        assertEquals(100, entries.get(0).path("timings").path("wait").asInt());
        assertEquals(302, entries.get(2).path("response").path("status").asInt());
    }

    @Test
    void realLookingThirdPartyTokensAreGone() throws Exception {
        for (String sample : List.of("mitmproxy-h2-oauth-slack-cookies.har", "mitmproxy-sse-apikey-auth.har",
                "mitmproxy-websocket-messages.har", "firefox118-login-auth-cookies.har")) {
            String input = new String(bytes(sample), StandardCharsets.UTF_8);
            String output = Files.readString(sanitize(sample));
            List<String> tokens = find(input, "ya29\\.[0-9A-Za-z_.-]{20,}|xoxd-[A-Za-z0-9%-]{10,}|AIza[0-9A-Za-z_-]{35}"
                    + "|mob-[0-9a-f-]{20,}|Bearer [0-9]{6}|pass1234");
            for (String token : tokens) {
                assertFalse(output.contains(token), sample + " leaked a " + token.substring(0, 4) + "… value");
            }
        }
    }

    private Path sanitize(String sample) throws IOException, SanitizeException {
        Path out = dir.resolve(sample);
        try (InputStream in = stream(sample)) {
            new HarSanitizer(SanitizerPolicy.defaults()).sanitizeToFile(in, out);
        }
        return out;
    }

    static InputStream stream(String sample) {
        return SamplesTest.class.getResourceAsStream("/har-samples/" + sample);
    }

    static byte[] bytes(String sample) throws IOException {
        try (InputStream in = stream(sample)) {
            return in.readAllBytes();
        }
    }

    static String decodedBase64Bodies(JsonNode har) {
        StringBuilder all = new StringBuilder();
        for (JsonNode entry : har.path("log").path("entries")) {
            JsonNode content = entry.path("response").path("content");
            if ("base64".equals(content.path("encoding").asText())) {
                all.append(new String(Base64.getMimeDecoder().decode(content.path("text").asText()),
                        StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return all.toString();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    private static String hostAndPath(JsonNode entry) {
        String url = entry.path("request").path("url").asText();
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int at = base.indexOf('@');
        return at < 0 ? base : base.substring(at);
    }

    private static List<String> find(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
