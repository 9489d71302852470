package io.harwarden.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Job leases in the journal's database: one row per job in progress. Taking is one conditional update (the row is
 * free, expired or already ours) or, for a job never leased, one insert that the primary key lets only one process
 * win; so the database decides, on H2 as on PostgreSQL, and no clock but the holder's deadline is trusted.
 */
@ApplicationScoped
public class JdbcJobLeases implements JobLeases {
    private final DataSource dataSource;
    private final Clock clock;
    private final String owner;

    @Inject
    JdbcJobLeases(@JournalDatabase.Journal DataSource dataSource, RetryingProcessor.PipelineConfig config) {
        this(dataSource, Clock.systemUTC(), config.instance().filter(name -> !name.isBlank()).orElseGet(
                JdbcJobLeases::host));
    }

    /**
     * @param owner this process, unique among the processes sharing the journal and the same after a restart (a process
     *     killed mid-file takes the file's lease back when it comes back; a lease held under another name waits for
     *     its time)
     */
    public JdbcJobLeases(DataSource dataSource, Clock clock, String owner) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.owner = owner;
    }

    @Override
    public boolean take(String jobId, Instant until) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE harwarden_job_leases SET owner = ?, until_at = ?"
                    + " WHERE job_id = ? AND (until_at < ? OR owner = ?)")) {
                update.setString(1, owner);
                update.setObject(2, until.atOffset(ZoneOffset.UTC));
                update.setString(3, jobId);
                update.setObject(4, now.atOffset(ZoneOffset.UTC));
                update.setString(5, owner);
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO harwarden_job_leases (job_id, owner, until_at) VALUES (?, ?, ?)")) {
                insert.setString(1, jobId);
                insert.setString(2, owner);
                insert.setObject(3, until.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
                return true;
            } catch (SQLException taken) {
                if (taken.getSQLState() != null && taken.getSQLState().startsWith("23")) {
                    return false; // another process holds it (or took it in between): integrity constraint violation
                }
                throw taken;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the lease of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(String jobId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM harwarden_job_leases WHERE job_id = ? AND owner = ?")) {
            delete.setString(1, jobId);
            delete.setString(2, owner);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release the lease of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String owner() {
        return owner;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "host";
        }
    }
}
