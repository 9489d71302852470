package io.harwarden.cli;

import io.harwarden.exception.audit.AuditLogException;
import io.harwarden.exception.audit.AuditVerdict;
import io.harwarden.exception.audit.JdbcAuditLog;
import io.harwarden.files.FileNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code verify-audit [--jdbc-url URL] [--user NAME] [--password-file FILE]}: checks the exception audit chain in the
 * daemon's database (by default the one the daemon uses, from the same environment variables) and names the first
 * record that was edited, deleted or moved. Exit 0 intact, 4 broken. The URL is never printed: it may hold a password.
 */
@Command(name = "verify-audit", mixinStandardHelpOptions = true, description = "Checks the exception audit chain and "
        + "names the first record that was edited, deleted or moved (exit 4).")
final class VerifyAuditCommand implements Callable<Integer> {
    static final int BROKEN = 4;
    private static final String DEFAULT_URL = "jdbc:h2:file:./data/harwarden;WRITE_DELAY=0";

    private final PrintStream stdout;
    private final Map<String, String> environment;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "the database (else the daemon's, from its settings)")
    String jdbcUrl;
    @Option(names = "--user", paramLabel = "NAME", description = "its user")
    String user;
    @Option(names = "--password-file", paramLabel = "FILE", description = "its password")
    String passwordFile;

    VerifyAuditCommand(PrintStream stdout, Map<String, String> environment) {
        this.stdout = stdout;
        this.environment = environment;
    }

    @Override
    public Integer call() throws CliException, IOException {
        // the daemon's own settings: PostgreSQL's when it is the active database, else the embedded file's
        String prefix = "true".equalsIgnoreCase(environment.get("QUARKUS_DATASOURCE_POSTGRESQL_ACTIVE"))
                ? "QUARKUS_DATASOURCE_POSTGRESQL_" : "QUARKUS_DATASOURCE_";
        String url = setting(jdbcUrl, prefix + "JDBC_URL", DEFAULT_URL);
        String name = setting(user, prefix + "USERNAME", "harwarden");
        String password = passwordFile != null
                ? Files.readString(FileNames.of(passwordFile), StandardCharsets.UTF_8).strip()
                : environment.getOrDefault(prefix + "PASSWORD", "");
        AuditVerdict verdict;
        try {
            verdict = new JdbcAuditLog(dataSource(url, name, password)).verify();
        } catch (AuditLogException e) {
            throw new CliException(1, reason(e.getCause() instanceof SQLException sql ? sql : null, e));
        }
        if (verdict instanceof AuditVerdict.Broken broken) {
            throw new CliException(BROKEN, "audit chain broken at record " + broken.record() + ": " + broken.reason());
        }
        AuditVerdict.Intact intact = (AuditVerdict.Intact) verdict;
        stdout.println("audit chain intact: " + intact.records() + " records, head " + intact.head());
        return 0;
    }

    private String setting(String option, String variable, String fallback) {
        if (option != null) {
            return option;
        }
        String value = environment.get(variable);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static DataSource dataSource(String url, String user, String password) throws CliException {
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url.contains("IFEXISTS") ? url : url + ";IFEXISTS=TRUE"); // never create an empty journal here
            h2.setUser(user);
            h2.setPassword(password);
            return h2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(user);
            pg.setPassword(password);
            return pg;
        }
        throw new CliException(2, "--jdbc-url: only jdbc:h2: and jdbc:postgresql: databases are supported");
    }

    /** One line, by the database's error state where it has a known meaning. */
    private static String reason(SQLException sql, AuditLogException e) {
        if (sql == null) {
            return e.getMessage();
        }
        String state = String.valueOf(sql.getSQLState());
        if (state.startsWith("42S0") || state.equals("42P01")) { // H2's table-not-found states, PostgreSQL's
            return "no audit log in that database: the daemon creates it when it starts";
        }
        if (sql.getErrorCode() == 90146 || sql.getErrorCode() == 90013) {
            return "no journal database there: give --jdbc-url, or run from the daemon's working directory";
        }
        if (sql.getErrorCode() == 90020) {
            return "the database is open in a running daemon (an H2 file opens in one process): stop it first";
        }
        String message = String.valueOf(sql.getMessage());
        return "cannot read the audit log: " + message.lines().findFirst().orElse(message);
    }
}
