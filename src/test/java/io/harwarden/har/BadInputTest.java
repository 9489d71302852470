package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
    @TempDir
    Path dir;

    private HarInputException fail(String input, SanitizerPolicy policy) throws Exception {
        Path target = dir.resolve("out.har");
        HarInputException e = assertThrows(HarInputException.class, () -> new HarSanitizer(policy)
                .sanitizeToFile(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), target));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "no output and no temporary file may be left behind");
        }
        assertFalse(e.getMessage().contains("\n"), "one line");
        return e;
    }

    private HarInputException fail(String input) throws Exception {
        return fail(input, SanitizerPolicy.defaults());
    }

    @Test
    void emptyFile() throws Exception {
        assertEquals(HarInputException.Problem.EMPTY, fail("").problem());
        assertEquals(HarInputException.Problem.EMPTY, fail("  \n ").problem());
    }

    @Test
    void notJsonNamesTheLineAndColumnButNotTheContent() throws Exception {
        HarInputException e = fail("{\"log\": SuperSecret123}");
        assertEquals(HarInputException.Problem.NOT_JSON, e.problem());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertFalse(e.getMessage().contains("SuperSecret123"), e.getMessage());
        assertEquals(HarInputException.Problem.NOT_JSON, fail("this is not json").problem());
    }

    @Test
    void truncatedFileNamesTheEntryAndHidesTheValue() throws Exception {
        String har = Fixture.har("\"headers\":[{\"name\":\"Authorization\",\"value\":\"Bearer Trunc4tedSecret", null);
        String cut = har.substring(0, har.indexOf("Trunc4tedSecret") + 15);
        HarInputException e = fail(cut);
        assertEquals(HarInputException.Problem.TRUNCATED, e.problem());
        assertTrue(e.where().startsWith("entry 0 (/log/entries/0/request/headers"), e.where());
        assertFalse(e.getMessage().contains("Trunc4tedSecret"));
    }

    @Test
    void notAHar() throws Exception {
        assertEquals(HarInputException.Problem.NOT_HAR, fail("[1,2,3]").problem());
        assertEquals(HarInputException.Problem.NOT_HAR, fail("{\"log\":{\"version\":\"1.2\"}}").problem());
        assertEquals(HarInputException.Problem.NOT_HAR, fail("{\"foo\":1}").problem());
        assertEquals(HarInputException.Problem.NOT_HAR, fail("\"just a string\"").problem());
    }

    @Test
    void trailingGarbage() throws Exception {
        assertEquals(HarInputException.Problem.NOT_JSON, fail(Fixture.har(null, null) + " {}").problem());
    }

    @Test
    void nestingBeyondTheLimit() throws Exception {
        String deep = "[".repeat(80) + "]".repeat(80);
        HarInputException e = fail(Fixture.har("\"_deep\":" + deep, null),
                SanitizerPolicy.defaults().withLimits(1_000_000, 64));
        assertEquals(HarInputException.Problem.TOO_DEEP, e.problem());
        assertTrue(e.where().startsWith("entry 0"), e.where());
    }

    @Test
    void stringOverTheConfiguredLimitNamesItsPlace() throws Exception {
        String big = "x".repeat(5000);
        String har = Fixture.har(null, null).replace("\"mimeType\":\"text/plain\",\"text\":\"\"",
                "\"mimeType\":\"text/html\",\"text\":\"" + big + "\"");
        HarInputException e = fail(har, SanitizerPolicy.defaults().withLimits(2048, 64));
        assertEquals(HarInputException.Problem.STRING_TOO_LONG, e.problem());
        assertTrue(e.where().contains("/log/entries/0/response/content/text"), e.where());
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void invalidBase64InADeclaredBinaryBody() throws Exception {
        String har = Fixture.har(null, null).replace("\"mimeType\":\"text/plain\",\"text\":\"\"",
                "\"mimeType\":\"image/png\",\"encoding\":\"base64\",\"text\":\"!!not*base64!!\"");
        assertEquals(HarInputException.Problem.BAD_BASE64, fail(har).problem());
    }

    @Test
    void aValidHarStillProducesOutput() throws Exception {
        Path target = dir.resolve("ok.har");
        new HarSanitizer(SanitizerPolicy.defaults()).sanitizeToFile(
                new ByteArrayInputStream(Fixture.har(null, null).getBytes(StandardCharsets.UTF_8)), target);
        assertTrue(Files.size(target) > 100);
    }
}
