package io.harwarden.exception.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit chain in the journal's database (tables {@code harwarden_audit} and {@code harwarden_audit_head}, see
 * {@code db/migration}). Appends are serialised by a row lock on the head, which names the last record's place and
 * hash, so replicas sharing a PostgreSQL database extend one chain and a record deleted at the end is noticed. Plain
 * SQL that H2 and PostgreSQL both run. Nothing here updates or deletes a record.
 */
public final class JdbcAuditLog {
    private final DataSource dataSource;

    public JdbcAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends one record after the current head and returns it. */
    public AuditRecord append(AuditEntry entry, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                AuditRecord record;
                try (PreparedStatement head = c.prepareStatement(
                        "SELECT seq, hash FROM harwarden_audit_head WHERE id = 1 FOR UPDATE");
                        ResultSet rs = head.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("the audit chain's head is missing");
                    }
                    record = AuditChain.next(rs.getLong(1) + 1, at, entry, rs.getString(2));
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO harwarden_audit "
                        + "(seq, request_id, case_id, body, hash) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setLong(1, record.seq());
                    insert.setString(2, entry.requestId());
                    insert.setString(3, entry.caseId());
                    insert.setString(4, record.body());
                    insert.setString(5, record.hash());
                    insert.executeUpdate();
                }
                try (PreparedStatement move = c.prepareStatement(
                        "UPDATE harwarden_audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                    move.setLong(1, record.seq());
                    move.setString(2, record.hash());
                    move.executeUpdate();
                }
                c.commit();
                return record;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditLogException("cannot append to the audit log: " + e.getMessage(), e);
        }
    }

    /** The records of one request (or of one case, or all with both null), oldest first, at most {@code limit}. */
    public List<AuditRecord> list(String requestId, String caseId, int limit) {
        String sql = "SELECT body, hash FROM harwarden_audit WHERE (? IS NULL OR request_id = ?) "
                + "AND (? IS NULL OR case_id = ?) ORDER BY seq";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, requestId);
            q.setString(2, requestId);
            q.setString(3, caseId);
            q.setString(4, caseId);
            q.setMaxRows(limit);
            List<AuditRecord> records = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    records.add(AuditChain.read(rs.getString(1), rs.getString(2)));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new AuditLogException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    /** Checks the whole chain, record by record, and names the first wrong one. */
    public AuditVerdict verify() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // one snapshot: records appended meanwhile are judged at the next check
            try {
                AuditChain.Verifier verifier = new AuditChain.Verifier();
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT seq, request_id, case_id, body, hash FROM harwarden_audit ORDER BY seq")) {
                    q.setFetchSize(500);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next() && verifier.accept(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5))) {
                            // each row is checked as it is read
                        }
                    }
                }
                try (PreparedStatement head = c.prepareStatement(
                        "SELECT seq, hash FROM harwarden_audit_head WHERE id = 1");
                        ResultSet rs = head.executeQuery()) {
                    return rs.next() ? verifier.finish(rs.getLong(1), rs.getString(2)) : verifier.finish(null, null);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new AuditLogException("cannot read the audit log: " + e.getMessage(), e);
        }
    }
}
