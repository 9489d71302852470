package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class JdbcJournalTest {
    @Inject
    ObjectMapper json;

    private static final String STORE = "0123456789abcdef";

    @TempDir
    Path dir;

    private JdbcJournal openFileJournal() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("journal") + ";WRITE_DELAY=0");
        ds.setUser("harwarden");
        org.flywaydb.core.Flyway.configure().dataSource(ds).load().migrate();
        return new JdbcJournal(ds, json);
    }

    @Test
    void jobsSurviveARestartWithEveryFieldAndOutputsAreKnown() {
        CaseId caseId = new CaseId("CASE-7");
        AttachmentRef original = new AttachmentRef(caseId, "a b é.har", "a b é.har", 12_794,
                Instant.parse("2026-11-24T10:00:00Z"), "");
        Job job = Job.detected("0123456789abcdef0123456789abcdef", STORE, original,
                Instant.parse("2026-11-24T10:00:01Z"))
                .read("ab".repeat(32), new Job.Output("s.har", 10, "cd".repeat(32), "a b é.sanitized.har", null, null),
                        null, Map.of("cookie", 8L, "token", 9L),
                        new Job.Output("e.pgp", 20, "ef".repeat(32), "a b é.har.pgp", null, null), List.of("249BEA39"));
        AttachmentRef sanitizedCopy = attachment(caseId, "a b é.sanitized.har", 10);
        Job uploaded = job.withSanitized(job.sanitized().uploadedAs(sanitizedCopy));

        JdbcJournal first = openFileJournal();
        first.save(job);
        first.save(uploaded);

        JdbcJournal afterRestart = openFileJournal();
        assertEquals(uploaded, afterRestart.find(job.id()).orElseThrow());
        assertEquals(Step.SANITIZED_UPLOADED, afterRestart.find(job.id()).orElseThrow().step());
        assertTrue(afterRestart.isOutput(STORE, sanitizedCopy));
        assertFalse(afterRestart.isOutput(STORE, original));
        assertFalse(afterRestart.isOutput(STORE, new AttachmentRef(new CaseId("OTHER"), sanitizedCopy.id(),
                sanitizedCopy.name(), 10, sanitizedCopy.modified(), "")));
        assertFalse(afterRestart.isOutput("another-store", sanitizedCopy), "another store's case of the same name");
        assertFalse(afterRestart.isOutput(STORE, new AttachmentRef(caseId, sanitizedCopy.id(), sanitizedCopy.name(),
                10, sanitizedCopy.modified().plusSeconds(1), "")), "a later upload under the same id is a customer's");
        assertEquals(uploaded, afterRestart.latest(STORE, caseId, original.id()).orElseThrow());
        assertTrue(afterRestart.find("nope").isEmpty());
    }

    @Test
    void anOutputCutOffByACrashBeforeItWasRecordedIsStillKnownAsOurs() {
        CaseId caseId = new CaseId("CASE-8");
        AttachmentRef original = new AttachmentRef(caseId, "x.har", "x.har", 500, Instant.now(), "");
        Job read = Job.detected("fedcba9876543210fedcba9876543210", STORE, original, Instant.now())
                .read("ab".repeat(32), new Job.Output("s.har", 321, "cd".repeat(32), "x.sanitized.har", null, null),
                        null, Map.of(), new Job.Output("e.pgp", 654, "ef".repeat(32), "x.har.pgp", null, null),
                        List.of());
        JdbcJournal journal = openFileJournal();
        journal.save(read);
        assertTrue(journal.isOutput(STORE, attachment(caseId, "x.sanitized.har", 321)), "the planned name and size");
        assertTrue(journal.isOutput(STORE, attachment(caseId, "x.har.pgp (2)", 654)), "a name made free with a number");
        assertFalse(journal.isOutput(STORE, attachment(caseId, "x.sanitized.har", 999)), "a customer file of another size");
        assertFalse(journal.isOutput(STORE, attachment(new CaseId("CASE-9"), "x.sanitized.har", 321)), "another case");
        assertEquals(List.of(read), journal.unfinished(STORE));
        assertEquals(List.of(), journal.unfinished("another-store"));
        journal.save(read.at(Step.DONE));
        assertEquals(List.of(), journal.unfinished(STORE));
        assertFalse(journal.isOutput(STORE, attachment(caseId, "x.sanitized.har", 321)), "a finished job plans nothing");
    }

    private static AttachmentRef attachment(CaseId caseId, String name, long size) {
        return new AttachmentRef(caseId, name, name, size, Instant.now(), "");
    }

    @Test
    void theDetectionCursorIsPerStoreExactToTheMicrosecondAndSurvivesARestart() {
        JdbcJournal first = openFileJournal();
        assertTrue(first.detectionCursor("redmine").isEmpty());
        first.saveDetectionCursor("redmine", Instant.parse("2026-11-24T10:00:00.123456Z"));
        first.saveDetectionCursor("redmine", Instant.parse("2026-11-24T11:30:00.654321Z"));
        first.saveDetectionCursor("filesystem", Instant.parse("2026-01-01T00:00:00Z"));

        JdbcJournal afterRestart = openFileJournal();
        assertEquals(Instant.parse("2026-11-24T11:30:00.654321Z"), afterRestart.detectionCursor("redmine").orElseThrow());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), afterRestart.detectionCursor("filesystem").orElseThrow());
    }
}
