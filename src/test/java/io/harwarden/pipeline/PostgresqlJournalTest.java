package io.harwarden.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.exception.audit.AuditVerdict;
import io.harwarden.exception.audit.JdbcAuditLog;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The daemon configured for PostgreSQL (the embedded H2 switched off): Flyway migrates the server's schema at start,
 * and a file dropped on a case is processed with its job, manifest and outputs in PostgreSQL.
 */
@QuarkusTest
@TestProfile(PostgresqlJournalTest.OnPostgresql.class)
@WithTestResource(PostgresqlJournalTest.Server.class)
class PostgresqlJournalTest {
    /** A PostgreSQL server (zonky's binaries) for the daemon, started for this test class. */
    public static class Server implements QuarkusTestResourceLifecycleManager {
        private EmbeddedPostgres server;

        @Override
        public Map<String, String> start() {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("PostgreSQL (zonky embedded) cannot start here", e);
            }
            return Map.of("quarkus.datasource.active", "false",
                    "quarkus.datasource.postgresql.active", "true",
                    "quarkus.datasource.postgresql.jdbc.url", server.getJdbcUrl("postgres", "postgres"),
                    "quarkus.datasource.postgresql.username", "postgres");
        }

        @Override
        public void stop() {
            try {
                server.close();
            } catch (IOException e) {
                // the test JVM ends
            }
        }
    }

    /** Its own profile: the daemon restarts on PostgreSQL for this class only. */
    public static class OnPostgresql implements QuarkusTestProfile {
    }

    @Inject
    @JournalDatabase.Journal
    DataSource journal;

    @Inject
    JdbcAuditLog audit;

    @Test
    void aFileIsProcessedWithItsJobAndManifestInPostgresql() throws Exception {
        try (Connection c = journal.getConnection()) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
        }
        Path dir = Files.createDirectories(Path.of("target/test-data/cases").resolve("PG-" + UUID.randomUUID()));
        try (InputStream in = getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            Files.copy(in, dir.resolve("probe.har.part"));
        }
        Files.move(dir.resolve("probe.har.part"), dir.resolve("probe.har"));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (countDone(dir.getFileName().toString()) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, countDone(dir.getFileName().toString()));
        assertFalse(Files.exists(dir.resolve("probe.har")));
        try (Connection c = journal.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM harwarden_manifests m JOIN harwarden_jobs j ON j.id = m.job_id "
                        + "WHERE j.case_id = '" + dir.getFileName() + "' AND m.redactions = 37")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the manifest is kept in PostgreSQL");
        }
        assertTrue(audit.verify() instanceof AuditVerdict.Intact);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private int countDone(String caseId) throws Exception {
        try (Connection c = journal.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM harwarden_jobs WHERE step = 'DONE' AND case_id = '" + caseId + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
