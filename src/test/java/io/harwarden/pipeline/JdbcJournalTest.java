package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.OnBothDatabases;
import io.harwarden.TestDatabases;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.triage.HarBuilder;
import io.harwarden.triage.Triage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on both databases the daemon runs on (an H2 file, a real PostgreSQL server), and its migrations. */
@QuarkusTest
class JdbcJournalTest {
    @Inject
    ObjectMapper json;

    private static final String STORE = "0123456789abcdef";

    @TempDir
    Path dir;

    /** Flyway as the daemon configures it (application.properties), up to {@code target} or all the way. */
    private static void migrate(javax.sql.DataSource ds, String target) {
        var config = org.flywaydb.core.Flyway.configure().dataSource(ds).baselineOnMigrate(true).baselineVersion("0");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }

    private JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("journal") + ";WRITE_DELAY=0");
        ds.setUser("harwarden");
        return ds;
    }

    /** A journal written before migrations existed keeps its jobs and its outputs (which then match any store). */
    @Test
    void aJournalFromBeforeMigrationsIsMigratedInPlace() throws Exception {
        JdbcDataSource ds = dataSource();
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            st.execute("CREATE TABLE harwarden_jobs (id VARCHAR(64) PRIMARY KEY, case_id VARCHAR(512) NOT NULL, "
                    + "step VARCHAR(32) NOT NULL, body TEXT NOT NULL, updated_at TIMESTAMP NOT NULL)");
            st.execute("CREATE TABLE harwarden_outputs (case_id VARCHAR(512) NOT NULL, attachment_id VARCHAR(1024) "
                    + "NOT NULL, job_id VARCHAR(64) NOT NULL, PRIMARY KEY (case_id, attachment_id))");
            st.execute("CREATE TABLE harwarden_cursors (store VARCHAR(64) PRIMARY KEY, position TIMESTAMP WITH TIME "
                    + "ZONE NOT NULL)");
            st.execute("INSERT INTO harwarden_outputs VALUES ('CASE-1', 'old.sanitized.har', 'j1')");
        }
        migrate(ds, null);
        JdbcJournal journal = new JdbcJournal(ds, json);
        assertTrue(journal.isOutput(STORE, attachment(new CaseId("CASE-1"), "old.sanitized.har", 5)));
        assertFalse(journal.isOutput(STORE, attachment(new CaseId("CASE-1"), "new.har", 5)));
    }

    /** H2 commits each DDL statement: a start killed part way through a migration must not leave it unusable. */
    @Test
    void aMigrationCutPartWayIsFinishedByTheNextStart() throws Exception {
        JdbcDataSource ds = dataSource();
        migrate(ds, "1");
        try (var c = ds.getConnection(); var st = c.createStatement()) { // the first statements of version 2 only
            st.execute("ALTER TABLE harwarden_jobs ADD COLUMN IF NOT EXISTS store VARCHAR(64) DEFAULT '' NOT NULL");
            st.execute("CREATE TABLE IF NOT EXISTS harwarden_uploads (store VARCHAR(64) NOT NULL, case_id VARCHAR(512)"
                    + " NOT NULL, attachment_id VARCHAR(1024) NOT NULL, revision VARCHAR(256) NOT NULL, job_id "
                    + "VARCHAR(64) NOT NULL, PRIMARY KEY (store, case_id, attachment_id, revision))");
        }
        migrate(ds, null);
        JdbcJournal journal = new JdbcJournal(ds, json);
        Job job = Job.detected("00112233445566778899aabbccddeeff", STORE, attachment(new CaseId("C"), "a.har", 1),
                Instant.now());
        journal.save(job);
        assertEquals(job, journal.find(job.id()).orElseThrow());
    }

    @OnBothDatabases
    void jobsSurviveARestartWithEveryFieldAndOutputsAreKnown(String database) throws Exception {
        DataSource ds = TestDatabases.fresh(database, dir);
        CaseId caseId = new CaseId("CASE-7");
        AttachmentRef original = new AttachmentRef(caseId, "a b é.har", "a b é.har", 12_794,
                Instant.parse("2026-11-24T10:00:00Z"), "");
        Job job = Job.detected("0123456789abcdef0123456789abcdef", STORE, original,
                Instant.parse("2026-11-24T10:00:01Z"))
                .read("ab".repeat(32), new Job.Output("s.har", 10, "cd".repeat(32), "a b é.sanitized.har", null, null),
                        null, Map.of("cookie", 8L, "token", 9L),
                        new Job.Output("e.pgp", 20, "ef".repeat(32), "a b é.har.pgp", null, null), List.of("249BEA39"),
                        new Triage(Triage.Options.defaults(), text -> text).analyze(HarBuilder.seed().stream()));
        AttachmentRef sanitizedCopy = attachment(caseId, "a b é.sanitized.har", 10);
        Job uploaded = job.withSanitized(job.sanitized().uploadedAs(sanitizedCopy));

        JdbcJournal first = new JdbcJournal(ds, json);
        first.save(job);
        first.save(uploaded);

        JdbcJournal afterRestart = new JdbcJournal(ds, json);
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

    @OnBothDatabases
    void anOutputCutOffByACrashBeforeItWasRecordedIsStillKnownAsOurs(String database) {
        DataSource ds = TestDatabases.fresh(database, dir);
        CaseId caseId = new CaseId("CASE-8");
        AttachmentRef original = new AttachmentRef(caseId, "x.har", "x.har", 500, Instant.now(), "");
        Job read = Job.detected("fedcba9876543210fedcba9876543210", STORE, original, Instant.now())
                .read("ab".repeat(32), new Job.Output("s.har", 321, "cd".repeat(32), "x.sanitized.har", null, null),
                        null, Map.of(), new Job.Output("e.pgp", 654, "ef".repeat(32), "x.har.pgp", null, null),
                        List.of(), null);
        JdbcJournal journal = new JdbcJournal(ds, json);
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

    @OnBothDatabases
    void theDetectionCursorIsPerStoreExactToTheMicrosecondAndSurvivesARestart(String database) {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcJournal first = new JdbcJournal(ds, json);
        assertTrue(first.detectionCursor("redmine").isEmpty());
        first.saveDetectionCursor("redmine", Instant.parse("2026-11-24T10:00:00.123456Z"));
        first.saveDetectionCursor("redmine", Instant.parse("2026-11-24T11:30:00.654321Z"));
        first.saveDetectionCursor("filesystem", Instant.parse("2026-01-01T00:00:00Z"));

        JdbcJournal afterRestart = new JdbcJournal(ds, json);
        assertEquals(Instant.parse("2026-11-24T11:30:00.654321Z"), afterRestart.detectionCursor("redmine").orElseThrow());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), afterRestart.detectionCursor("filesystem").orElseThrow());
    }

    @OnBothDatabases
    void aManifestIsKeptPerJobAndAReadDoneAgainReplacesIt(String database) {
        DataSource ds = TestDatabases.fresh(database, dir);
        Instant at = Instant.parse("2026-12-02T10:00:00.123456Z");
        StoredManifest first = new StoredManifest("job-1", 3, Map.of("token", 2L, "jwt-signature", 1L), 1,
                4, new byte[] {1, 2, 3}, new byte[] {(byte) 0x85, 0, 1}, at);
        new JdbcJournal(ds, json).saveManifest(first);
        StoredManifest again = new StoredManifest("job-1", 1, Map.of("cookie", 1L), 0, 7, new byte[] {9},
                new byte[] {8, 7}, at.plusSeconds(5));
        new JdbcJournal(ds, json).saveManifest(again);

        StoredManifest read = new JdbcJournal(ds, json).manifest("job-1").orElseThrow();
        assertEquals(1, read.redactions());
        assertEquals(Map.of("cookie", 1L), read.byCategory());
        assertEquals(0, read.expiredJwts());
        assertEquals(7, read.entries());
        assertEquals(List.of((byte) 9), List.of(read.manifestGzip()[0]));
        assertEquals(2, read.markerKey().length);
        assertEquals(at.plusSeconds(5), read.createdAt());
        assertTrue(new JdbcJournal(ds, json).manifest("job-2").isEmpty());
        StoredManifest counts = new JdbcJournal(ds, json).manifestCounts("job-1").orElseThrow();
        assertEquals(Map.of("cookie", 1L), counts.byCategory());
        assertEquals(7, counts.entries());
        assertEquals(0, counts.markerKey().length, "no key in a listing");
        List<Object> none = new java.util.ArrayList<>();
        counts.redactions(none::add);
        assertEquals(List.of(), none);
    }
}
