package io.harwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.triage.HarBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriageCommandTest {
    private static final String SECRET = "sk_live_" + "51HqLyjWDarjtT1zdp7dcXYZabcdefghij";
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path seed() throws Exception {
        HarBuilder har = HarBuilder.seed();
        har.call("POST", "https://pay.example.com/v1/charges", 401)
                .body("application/json", "{\"error\":{\"message\":\"Invalid API Key provided: " + SECRET + "\"}}");
        Path file = dir.resolve("capture.har");
        Files.writeString(file, har.json());
        return file;
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheFailedCallsInSupportsColumnsWithoutASecret() throws Exception {
        assertEquals(0, run("triage", seed().toString()));
        String printed = stdout();
        assertTrue(printed.contains("| 2025-06-10 15:20:41.445 | `https://cpapi-r.wbx2.com/api/v1/customers/{org}/users/"
                + "{user}/features/callrecording` | PATCH | 502 | `" + HarBuilder.TRACKING + "` | 400: Invalid Product: "
                + "Creating dub point failed in Dubber. |"), printed);
        assertTrue(printed.contains("Failed calls (2):"), printed);
        assertFalse((printed + err.toString(StandardCharsets.UTF_8)).contains(SECRET));
    }

    @Test
    void failOnSetsTheExitCodeForScripts() throws Exception {
        Path seed = seed();
        assertEquals(TriageCommand.FAILURES_FOUND, run("triage", seed.toString(), "--fail-on", "5xx"));
        Path only401 = dir.resolve("401.har");
        HarBuilder har = new HarBuilder();
        har.call("GET", "https://api.example.com/v1/me", 401);
        Files.writeString(only401, har.json());
        assertEquals(0, run("triage", only401.toString(), "--fail-on", "5xx"));
        assertEquals(TriageCommand.FAILURES_FOUND, run("triage", only401.toString(), "--fail-on", "4xx"));
        assertEquals(2, run("triage", only401.toString(), "--fail-on", "sometimes"));
    }

    @Test
    void jsonIsTheWholeReport() throws Exception {
        assertEquals(0, run("triage", seed().toString(), "--json", "--search-url", "https://logs.example/?q={id}"));
        JsonNode report = new ObjectMapper().readTree(stdout());
        assertEquals(2, report.path("failedTotal").asInt());
        assertEquals(1, report.path("serverErrors").asInt());
        assertEquals("https://logs.example/?q=" + HarBuilder.TRACKING, report.path("searchLinks").get(0).asText());
        assertFalse(stdout().contains(SECRET));
    }

    @Test
    void sanitizesReportCarriesTheTriageToo() throws Exception {
        Path report = dir.resolve("report.json");
        assertEquals(0, run("sanitize", seed().toString(), dir.resolve("out.har").toString(), "--report",
                report.toString()), err.toString(StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(2, json.path("triage").path("failedTotal").asInt(), json.toString());
        assertEquals(HarBuilder.TRACKING, json.path("triage").path("failed").get(0).path("trackingIds").get(0).asText());
        assertFalse(Files.readString(report).contains(SECRET));
        assertTrue(json.has("entries"), "beside the sanitizer's own report");
    }

    @Test
    void notAHarIsOneLineAndATypoNeverStartsTheDaemon() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertEquals(2, run("triage", text.toString()));
        String error = err.toString(StandardCharsets.UTF_8);
        assertTrue(error.startsWith("harwarden: cannot triage: "), error);
        assertEquals(1, error.lines().count(), error);
        err.reset();
        assertTrue(Cli.handles(new String[] {"tirage", "x.har"}), "any argument is a command-line run");
        assertEquals(2, run("tirage", "x.har"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("harwarden: unknown command tirage (did you mean "
                + "triage? the commands: sanitize, triage, encrypt, decrypt, verify-audit, add-user;"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count());
    }
}
