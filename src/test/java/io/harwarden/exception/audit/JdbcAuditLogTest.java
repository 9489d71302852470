package io.harwarden.exception.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.OnBothDatabases;
import io.harwarden.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/** The audit chain on both databases the daemon runs on: written, read, checked, and every kind of tampering named. */
class JdbcAuditLogTest {
    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00.123456789Z");

    @TempDir
    Path dir;

    private JdbcAuditLog logWithFiveRecords(DataSource ds) {
        JdbcAuditLog log = new JdbcAuditLog(ds);
        log.append(entry(AuditEvent.REQUESTED, "alice", "r-1", Map.of("scope", "markers",
                "justification", "Ticket 4711: the call to /api/orders failed with 401 – Überprüfung, 確認")), T0);
        log.append(entry(AuditEvent.APPROVED, "bob", "r-1", Map.of("comment", "ok")), T0.plusSeconds(60));
        log.append(entry(AuditEvent.RELEASED, "alice", "r-1", Map.of("markers", "2")), T0.plusSeconds(90));
        log.append(entry(AuditEvent.REPLAY_ATTEMPT, "alice", "r-1", Map.of()), T0.plusSeconds(95));
        log.append(new AuditEntry(AuditEvent.REQUESTED, "carol", "r-2", "CASE-2", Map.of("scope", "file")),
                T0.plusSeconds(120));
        return log;
    }

    private static AuditEntry entry(AuditEvent event, String actor, String request, Map<String, String> details) {
        return new AuditEntry(event, actor, request, "CASE-1", details);
    }

    @OnBothDatabases
    void recordsChainFromTheFirstAndReadBackAsWritten(String database) {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcAuditLog log = logWithFiveRecords(ds);

        List<AuditRecord> all = log.list(null, null, 100);
        assertEquals(5, all.size());
        assertEquals(AuditChain.GENESIS, all.get(0).previous());
        for (int i = 1; i < all.size(); i++) {
            assertEquals(all.get(i - 1).hash(), all.get(i).previous(), "record " + (i + 1) + " names the one before");
            assertEquals(i + 1, all.get(i).seq());
        }
        AuditRecord first = all.get(0);
        assertEquals(Instant.parse("2026-12-02T09:00:00.123456Z"), first.at(), "kept to the microsecond");
        assertEquals("Ticket 4711: the call to /api/orders failed with 401 – Überprüfung, 確認",
                first.entry().details().get("justification"));
        assertTrue(first.body().chars().allMatch(c -> c < 128), "canonical JSON is ASCII: " + first.body());
        assertEquals(AuditChain.sha256(first.body()), first.hash());

        assertEquals(4, log.list("r-1", null, 100).size());
        assertEquals(List.of(all.get(4)), log.list(null, "CASE-2", 100));
        assertEquals(AuditEvent.REPLAY_ATTEMPT, log.list("r-1", null, 100).get(3).entry().event());
        assertEquals(new AuditVerdict.Intact(5, all.get(4).hash()), log.verify());
    }

    @OnBothDatabases
    void anEmptyLogIsIntact(String database) {
        assertEquals(new AuditVerdict.Intact(0, AuditChain.GENESIS),
                new JdbcAuditLog(TestDatabases.fresh(database, dir)).verify());
    }

    @OnBothDatabases
    void anEditedRecordIsNamed(String database) throws SQLException {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcAuditLog log = logWithFiveRecords(ds);
        sql(ds, "UPDATE harwarden_audit SET body = REPLACE(body, '\"bob\"', '\"alice\"') WHERE seq = 2");
        assertBroken(log, 2, "edited");
    }

    @OnBothDatabases
    void aRecordRewrittenWithItsOwnHashIsCaughtByTheNext(String database) throws SQLException {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcAuditLog log = logWithFiveRecords(ds);
        AuditRecord second = log.list(null, null, 100).get(1);
        AuditRecord forged = AuditChain.next(2, second.at(), new AuditEntry(AuditEvent.APPROVED, "alice", "r-1",
                "CASE-1", Map.of("comment", "ok")), second.previous());
        update(ds, 2, forged.body(), forged.hash());
        assertBroken(log, 3, "does not follow record 2");
    }

    @OnBothDatabases
    void aDeletedRecordIsNamedInTheMiddleAndAtTheEnd(String database) throws SQLException {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcAuditLog log = logWithFiveRecords(ds);
        sql(ds, "DELETE FROM harwarden_audit WHERE seq = 5");
        assertBroken(log, 5, "missing (deleted at the end)");
        sql(ds, "DELETE FROM harwarden_audit WHERE seq = 3");
        assertBroken(log, 3, "missing (deleted)");
        sql(ds, "DELETE FROM harwarden_audit WHERE seq = 2");
        assertBroken(log, 2, "record 2 to 3 missing");
        sql(ds, "DELETE FROM harwarden_audit_head");
        assertBroken(log, 2, "record 2 to 3 missing");
        sql(ds, "DELETE FROM harwarden_audit WHERE seq = 4");
        assertBroken(log, 1, "the chain's head is missing");
    }

    @OnBothDatabases
    void reorderedRecordsAreNamed(String database) throws SQLException {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcAuditLog log = logWithFiveRecords(ds);
        List<AuditRecord> all = log.list(null, null, 100);
        update(ds, 2, all.get(2).body(), all.get(2).hash());
        update(ds, 3, all.get(1).body(), all.get(1).hash());
        assertBroken(log, 2, "holds record 3");
    }

    @OnBothDatabases
    void aQueryColumnThatNoLongerMatchesItsRecordIsNamed(String database) throws SQLException {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcAuditLog log = logWithFiveRecords(ds);
        sql(ds, "UPDATE harwarden_audit SET case_id = 'CASE-9' WHERE seq = 4");
        assertBroken(log, 4, "column was edited");
    }

    @OnBothDatabases
    void aRecordAddedBehindTheLogsBackIsNamed(String database) throws SQLException {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcAuditLog log = logWithFiveRecords(ds);
        AuditRecord last = log.list(null, null, 100).get(4);
        AuditRecord extra = AuditChain.next(6, T0, entry(AuditEvent.APPROVED, "mallory", "r-2", Map.of()), last.hash());
        try (Connection c = ds.getConnection(); PreparedStatement q = c.prepareStatement(
                "INSERT INTO harwarden_audit (seq, request_id, case_id, body, hash) VALUES (6, 'r-2', 'CASE-1', ?, ?)")) {
            q.setString(1, extra.body());
            q.setString(2, extra.hash());
            q.executeUpdate();
        }
        assertBroken(log, 6, "added outside the log");
    }

    /** Replicas append to one chain at once: the head's row lock keeps it a chain. */
    @OnBothDatabases
    void concurrentAppendsMakeOneChain(String database) throws Exception {
        JdbcAuditLog log = new JdbcAuditLog(TestDatabases.fresh(database, dir));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String actor = "writer-" + w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        log.append(entry(AuditEvent.REQUESTED, actor, "r-" + i, Map.of()), Instant.now());
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdown();
        }
        AuditVerdict verdict = log.verify();
        assertEquals(60, assertInstanceOf(AuditVerdict.Intact.class, verdict).records());
    }

    @OnBothDatabases
    void withoutItsHeadNothingIsAppended(String database) throws SQLException {
        DataSource ds = TestDatabases.fresh(database, dir);
        JdbcAuditLog log = logWithFiveRecords(ds);
        sql(ds, "DELETE FROM harwarden_audit_head");
        AuditLogException e = assertThrows(AuditLogException.class,
                () -> log.append(entry(AuditEvent.DENIED, "bob", "r-2", Map.of()), T0));
        assertEquals("cannot append to the audit log: the audit chain's head is missing", e.getMessage());
        assertEquals(5, log.list(null, null, 100).size(), "nothing was written");
        assertBroken(log, 5, "head is missing");
    }

    private static void assertBroken(JdbcAuditLog log, long record, String reason) {
        AuditVerdict.Broken broken = assertInstanceOf(AuditVerdict.Broken.class, log.verify());
        assertEquals(record, broken.record(), broken.reason());
        assertTrue(broken.reason().contains(reason), broken.reason());
    }

    private static void update(DataSource ds, long seq, String body, String hash) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement("UPDATE harwarden_audit SET body = ?, hash = ? WHERE seq = ?")) {
            q.setString(1, body);
            q.setString(2, hash);
            q.setLong(3, seq);
            assertEquals(1, q.executeUpdate());
        }
    }

    private static void sql(DataSource ds, String statement) throws SQLException {
        try (Connection c = ds.getConnection(); var st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
