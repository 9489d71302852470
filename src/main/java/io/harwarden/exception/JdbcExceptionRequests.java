package io.harwarden.exception;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Exception requests in the journal's database ({@code harwarden_exception_requests}). A transition is written only
 * if the row still has the version it was read at, so of two concurrent transitions exactly one wins. Plain SQL that
 * H2 and PostgreSQL both run.
 */
public final class JdbcExceptionRequests {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public JdbcExceptionRequests(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Which requests to list; null matches any. */
    public record Filter(RequestState state, String caseId, String requester, int limit) {
    }

    public void insert(ExceptionRequest request) {
        String sql = "INSERT INTO harwarden_exception_requests (id, case_id, job_id, requester, state, created_at, "
                + "version, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, request.id());
            q.setString(2, request.caseId());
            q.setString(3, request.jobId());
            q.setString(4, request.requester());
            q.setString(5, request.state().name());
            q.setObject(6, request.createdAt().atOffset(ZoneOffset.UTC));
            q.setLong(7, request.version());
            q.setString(8, json.writeValueAsString(request));
            q.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot record exception request " + request.id() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Writes {@code next} if the stored request is still at the version before it; false if another write won. */
    public boolean update(ExceptionRequest next) {
        String sql = "UPDATE harwarden_exception_requests SET state = ?, version = ?, body = ? WHERE id = ? "
                + "AND version = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, next.state().name());
            q.setLong(2, next.version());
            q.setString(3, json.writeValueAsString(next));
            q.setString(4, next.id());
            q.setLong(5, next.version() - 1);
            return q.executeUpdate() == 1;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot record exception request " + next.id() + ": " + e.getMessage(), e);
        }
    }

    public Optional<ExceptionRequest> find(String id) {
        List<ExceptionRequest> found = query("SELECT body FROM harwarden_exception_requests WHERE id = ?", 1, id);
        return found.stream().findFirst();
    }

    /** Newest first. */
    public List<ExceptionRequest> list(Filter filter) {
        String state = filter.state() == null ? null : filter.state().name();
        return query("SELECT body FROM harwarden_exception_requests WHERE (? IS NULL OR state = ?) "
                + "AND (? IS NULL OR case_id = ?) AND (? IS NULL OR requester = ?) ORDER BY created_at DESC, id",
                filter.limit(), state, state, filter.caseId(), filter.caseId(), filter.requester(),
                filter.requester());
    }

    /** The key of {@code requester}'s newest request, remembered for their next one. */
    public Optional<String> lastKey(String requester) {
        return list(new Filter(null, null, requester, 1)).stream().findFirst().map(ExceptionRequest::requesterKey);
    }

    /** How many requests {@code requester} made since {@code since}: the rate limit's count. */
    public int countSince(String requester, Instant since) {
        String sql = "SELECT COUNT(*) FROM harwarden_exception_requests WHERE requester = ? AND created_at >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, requester);
            q.setObject(2, since.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count exception requests: " + e.getMessage(), e);
        }
    }

    private List<ExceptionRequest> query(String sql, int limit, String... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setString(i + 1, parameters[i]);
            }
            q.setMaxRows(limit);
            List<ExceptionRequest> found = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(json.readValue(rs.getString(1), ExceptionRequest.class));
                }
            }
            return found;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read exception requests: " + e.getMessage(), e);
        }
    }
}
