package io.harwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.TestDatabases;
import io.harwarden.exception.audit.AuditEntry;
import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditRecord;
import io.harwarden.exception.audit.JdbcAuditLog;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyAuditCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Cli.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String url(Path file) {
        return "jdbc:h2:file:" + file + ";WRITE_DELAY=0";
    }

    private AuditRecord journalWithThreeRecords(Path file) {
        JdbcDataSource ds = TestDatabases.h2(file);
        TestDatabases.migrate(ds);
        JdbcAuditLog log = new JdbcAuditLog(ds);
        log.append(new AuditEntry(AuditEvent.REQUESTED, "alice", "r-1", "CASE-1", Map.of("scope", "markers")),
                Instant.now());
        log.append(new AuditEntry(AuditEvent.APPROVED, "bob", "r-1", "CASE-1", Map.of()), Instant.now());
        return log.append(new AuditEntry(AuditEvent.RELEASED, "alice", "r-1", "CASE-1", Map.of()), Instant.now());
    }

    @Test
    void anIntactChainSaysSoAndAnEditedOneNamesTheRecord() throws Exception {
        Path file = dir.resolve("harwarden");
        AuditRecord last = journalWithThreeRecords(file);

        assertEquals(0, run(Map.of(), "verify-audit", "--jdbc-url", url(file)), err.toString());
        assertEquals("audit chain intact: 3 records, head " + last.hash() + "\n", out.toString());

        try (var c = TestDatabases.h2(file).getConnection(); var st = c.createStatement()) {
            st.execute("UPDATE harwarden_audit SET body = REPLACE(body, 'bob', 'eve') WHERE seq = 2");
        }
        assertEquals(VerifyAuditCommand.BROKEN, run(Map.of(), "verify-audit", "--jdbc-url", url(file)));
        assertEquals("harwarden: audit chain broken at record 2: record 2 was edited: its hash does not match its "
                + "content\n", err.toString());
    }

    @Test
    void theDatabaseComesFromTheDaemonsOwnSettingsAndItsUrlIsNeverPrinted() throws Exception {
        Path file = dir.resolve("harwarden");
        journalWithThreeRecords(file);
        Path password = dir.resolve("password");
        Files.writeString(password, "\n");
        Map<String, String> env = Map.of("QUARKUS_DATASOURCE_JDBC_URL", url(file) + ";PASSWORD_HASH=FALSE",
                "QUARKUS_DATASOURCE_USERNAME", "harwarden");
        assertEquals(0, run(env, "verify-audit", "--password-file", password.toString()), err.toString());
        assertTrue(out.toString().startsWith("audit chain intact: 3 records"));

        assertEquals(1, run(env, "verify-audit", "--user", "mallory"));
        assertFalse(err.toString().contains(file.toString()), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void aMissingDatabaseOrLogIsOneLineAndCreatesNothing() throws Exception {
        Path nowhere = dir.resolve("nothing-here");
        assertEquals(1, run(Map.of(), "verify-audit", "--jdbc-url", url(nowhere)));
        assertEquals("harwarden: no journal database there: give --jdbc-url, or run from the daemon's working "
                + "directory\n", err.toString());
        assertFalse(Files.exists(dir.resolve("nothing-here.mv.db")), "checking made no database");

        err.reset();
        Path empty = dir.resolve("empty");
        try (var c = TestDatabases.h2(empty).getConnection()) {
            assertTrue(c.isValid(1));
        }
        assertEquals(1, run(Map.of(), "verify-audit", "--jdbc-url", url(empty)));
        assertEquals("harwarden: no audit log in that database: the daemon creates it when it starts\n",
                err.toString());
    }

    @Test
    void badUsageIsExitTwo() {
        assertEquals(2, run(Map.of(), "verify-audit", "extra"));
        assertTrue(err.toString().startsWith("harwarden: Unmatched argument"), err.toString());
        assertTrue(err.toString().endsWith("(verify-audit --help for the options)\n"), err.toString());
        assertEquals(1, err.toString().lines().count());
        err.reset();
        assertEquals(2, run(Map.of(), "verify-audit", "--jdbc-url", "jdbc:mysql://localhost/x"));
        assertEquals("harwarden: --jdbc-url: only jdbc:h2: and jdbc:postgresql: databases are supported\n",
                err.toString());
    }
}
