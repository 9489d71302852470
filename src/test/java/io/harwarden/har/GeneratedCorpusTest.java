package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many entries with random secrets in every known place, and values that must be kept: zero leaks, nothing lost. */
class GeneratedCorpusTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void noPlantedSecretSurvivesAndEveryKeptValueDoes(long seed) throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> keeps = new ArrayList<>();
        ByteArrayOutputStream har = new ByteArrayOutputStream();
        int entries = new HarGenerator(seed, 1, secrets::add, keeps::add).write(har, Long.MAX_VALUE, 300);

        Fixture.Result result = Fixture.sanitize(har.toByteArray(), SanitizerPolicy.defaults());
        JsonNode out = result.tree();
        assertEquals(entries, out.path("log").path("entries").size());
        String searchable = result.json() + "\n" + SamplesTest.decodedBase64Bodies(out) + "\n"
                + URLDecoder.decode(result.json().replace("+", "%2B"), StandardCharsets.UTF_8);

        List<String> leaked = occurring(secrets, searchable);
        assertTrue(leaked.isEmpty(), leaked.size() + " of " + secrets.size() + " planted secrets leaked, e.g. at "
                + (leaked.isEmpty() ? "" : result.json().indexOf(leaked.get(0))));
        List<String> found = occurring(keeps, searchable);
        List<String> lost = keeps.stream().filter(k -> !found.contains(k)).toList();
        assertTrue(lost.isEmpty(), lost.size() + " kept values lost: " + lost.stream().limit(5).toList());
        assertTrue(secrets.size() > 300 * 10, "the corpus plants secrets in every place");
        assertEquals(secrets.size(), secrets.stream().distinct().count());
    }

    /** Which of the needles (all at least 8 characters long) occur in the text: one pass with an 8-char window. */
    private static List<String> occurring(List<String> needles, String text) {
        java.util.Map<String, List<String>> byPrefix = new java.util.HashMap<>();
        for (String needle : needles) {
            byPrefix.computeIfAbsent(needle.substring(0, 8), k -> new ArrayList<>()).add(needle);
        }
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        for (int i = 0; i + 8 <= text.length(); i++) {
            List<String> candidates = byPrefix.get(text.substring(i, i + 8));
            if (candidates != null) {
                for (String c : candidates) {
                    if (text.startsWith(c, i)) {
                        found.add(c);
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }
}
