package io.harwarden.casestore.redmine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CrashingStore;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.DemoKey;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.RecipientKeys;
import io.harwarden.pipeline.FileProcessor;
import io.harwarden.pipeline.JdbcJournal;
import io.harwarden.pipeline.Job;
import io.harwarden.pipeline.PipelineEvents;
import io.harwarden.pipeline.Watchdog;
import io.harwarden.pipeline.Step;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HAR Warden against a real Redmine: the daemon watches the project a customer attaches HAR files to, and every
 * assertion is made through Redmine's own API. Needs the server of {@code deploy/redmine/start.sh}; skipped (with
 * the reason) without {@code REDMINE_URL}.
 */
@QuarkusTest
@TestProfile(RedmineServerTest.AgainstRedmine.class)
@EnabledIfEnvironmentVariable(named = "REDMINE_URL", matches = ".+", disabledReason = "REDMINE_URL is not set: "
        + "run eval \"$(deploy/redmine/start.sh)\" first to include the real-Redmine suite")
class RedmineServerTest {

    /** The daemon on the Redmine store, polling every second, with a journal of its own. */
    public static final class AgainstRedmine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "harwarden.store.type", "redmine",
                    "harwarden.store.redmine.url", RedmineServer.URL,
                    // an expression the config expands, so that no test report shows the key
                    "harwarden.store.redmine.api-key", "${REDMINE_API_KEY:unset}",
                    "harwarden.store.redmine.projects", RedmineServer.PROJECT,
                    "harwarden.store.redmine.poll-interval", "1s",
                    "harwarden.pipeline.work-dir", "target/test-data/redmine-work",
                    "quarkus.datasource.jdbc.url", "jdbc:h2:file:./target/test-data/redmine-journal;WRITE_DELAY=0");
        }
    }

    private final RedmineServer redmine = new RedmineServer();

    @Inject
    CaseStore store;

    @Inject
    JdbcJournal journal;

    @Inject
    ObjectMapper json;

    private static byte[] sample(String name) throws Exception {
        try (InputStream in = RedmineServerTest.class.getResourceAsStream("/har-samples/" + name)) {
            return in.readAllBytes();
        }
    }

    private JsonNode await(String issueId, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode issue = redmine.issue(issueId);
        while (!done.test(issue) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            issue = redmine.issue(issueId);
        }
        return issue;
    }

    @Test
    void aCustomersHarFilesAreReplacedOnTheIssueWithOnePrivateNoteEachAndOtherFilesAreLeftAlone() throws Exception {
        byte[] probe = sample("synthetic-leak-probe.har");
        byte[] broken = java.util.Arrays.copyOf(probe, probe.length / 2);
        byte[] text = "steps to reproduce: log in, click pay".getBytes();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("login flow.har", probe);
        files.put("broken.har", broken);
        files.put("notes.txt", text);
        String id = redmine.openIssueAsCustomer(RedmineServer.PROJECT, "checkout fails", files);
        Map<String, JsonNode> before = RedmineServer.attachments(redmine.issue(id));

        Set<String> expected = Set.of("login flow.sanitized.har", "login flow.har.pgp", "broken.har.pgp", "notes.txt");
        JsonNode issue = await(id, i -> RedmineServer.attachments(i).keySet().equals(expected)
                && RedmineServer.notes(i).size() == 2);
        Map<String, JsonNode> attachments = RedmineServer.attachments(issue);
        assertEquals(expected, attachments.keySet(), issue.toPrettyString());

        String sanitized = new String(redmine.download(attachments.get("login flow.sanitized.har")));
        json.readTree(sanitized); // whole, valid JSON
        assertFalse(sanitized.contains("S01opaqueBearerSecret"));
        assertEquals("HAR Warden: sanitized copy", attachments.get("login flow.sanitized.har").path("description")
                .asText());
        assertArrayEquals(probe, DemoKey.decrypt(redmine.download(attachments.get("login flow.har.pgp"))));
        assertArrayEquals(broken, DemoKey.decrypt(redmine.download(attachments.get("broken.har.pgp"))));
        assertEquals(before.get("notes.txt").path("id"), attachments.get("notes.txt").path("id"));
        assertArrayEquals(text, redmine.download(attachments.get("notes.txt")));
        for (String original : List.of("login flow.har", "broken.har")) {
            assertEquals(404, redmine.status("attachments/" + before.get(original).path("id").asText() + ".json",
                    true), original + " is gone from Redmine");
        }

        List<JsonNode> notes = RedmineServer.notes(issue);
        assertEquals(2, notes.size(), issue.toPrettyString());
        for (JsonNode note : notes) {
            assertTrue(note.path("private_notes").asBoolean(), note.toPrettyString());
        }
        String all = notes.get(0).path("notes").asText() + notes.get(1).path("notes").asText();
        assertTrue(all.contains("HAR Warden processed login flow.har"), all);
        assertTrue(all.contains("HAR Warden processed broken.har"), all);
        assertTrue(all.contains("No sanitized copy could be made"), all);
        assertFalse(all.contains("S01opaqueBearerSecret"));
        String self = store.ownAccount().orElseThrow();
        for (AttachmentRef a : store.attachments(new CaseId(id))) {
            assertEquals(a.markedAsOutput(), self.equals(a.uploader()), a + ": outputs are HAR Warden's, by its account");
        }

        assertTrue(redmine.notesSeenByCustomer(id).stream().noneMatch(n -> n.path("notes").asText()
                .contains("HAR Warden")), "the customer cannot see the notes");
        assertEquals(401, redmine.status("issues/" + id + ".json?include=journals", false), "nor can anyone anonymous");

        Thread.sleep(3000); // three more polls: the outputs are not taken for customer files
        JsonNode later = redmine.issue(id);
        assertEquals(expected, RedmineServer.attachments(later).keySet());
        assertEquals(2, RedmineServer.notes(later).size());
    }

    /**
     * A restart after each store call that changes the issue: the steps run against Redmine directly (on a project the
     * daemon does not watch), crash, and a fresh processor with the same journal finishes the file.
     */
    @ParameterizedTest(name = "crash after {0} #{1}")
    @CsvSource({"upload,1", "upload,2", "delete,1", "appendNote,1"})
    void aRestartInTheMiddleFinishesTheFileWithoutDuplicates(String operation, int nth) throws Exception {
        byte[] probe = sample("synthetic-leak-probe.har");
        String id = redmine.openIssueAsCustomer(RedmineServer.UNWATCHED_PROJECT, "crash " + operation + " " + nth,
                Map.of("probe.har", probe));
        AttachmentRef original = store.attachments(new CaseId(id)).get(0);

        CrashingStore crashing = new CrashingStore(store, operation, true, nth);
        assertThrows(CrashingStore.Crash.class, () -> processor(crashing).process(original));
        Job job = processor(store).process(original);

        assertEquals(Step.DONE, job.step());
        JsonNode issue = redmine.issue(id);
        assertEquals(Set.of("probe.sanitized.har", "probe.har.pgp"), RedmineServer.attachments(issue).keySet(),
                issue.toPrettyString());
        assertEquals(2, issue.path("attachments").size(), "no duplicate upload");
        assertEquals(1, RedmineServer.notes(issue).size(), "no duplicate note");
        assertArrayEquals(probe, DemoKey.decrypt(redmine.download(RedmineServer.attachments(issue).get("probe.har.pgp"))));
    }

    private FileProcessor processor(CaseStore over) throws Exception {
        return new FileProcessor(over, new HarSanitizer(SanitizerPolicy.defaults()),
                new PgpEncryptor(RecipientKeys.load(Path.of("keys-example/demo-public.asc")), EncryptionOptions.DEFAULT),
                journal, Path.of("target/test-data/redmine-work-direct"), Clock.systemUTC(), CaseNotes.Language.EN,
                "https://example.com/request", PipelineEvents.NONE,
                new Watchdog(new Watchdog.Budget(Duration.ofHours(1), Duration.ZERO), Duration.ofHours(1),
                        Clock.systemUTC()));
    }
}
