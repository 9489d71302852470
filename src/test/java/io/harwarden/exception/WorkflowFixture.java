package io.harwarden.exception;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.TestDatabases;
import io.harwarden.detect.ManualClock;
import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.JdbcAuditLog;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** A workflow on a real database and a real processed file; people, keys and a clock the test moves. */
final class WorkflowFixture {
    static final String CASE = "CASE-42";
    static final String JOB = "job-0123456789abcdef";
    static final Caller ALICE = new Caller("alice", Set.of(Role.REQUESTER, Role.APPROVER));
    static final Caller BOB = new Caller("bob", Set.of(Role.APPROVER));
    static final Caller DAVE = new Caller("dave", Set.of(Role.APPROVER, Role.REQUESTER));
    static final Caller CAROL = new Caller("carol", Set.of(Role.REQUESTER));
    static final Caller AUDREY = new Caller("audrey", Set.of(Role.AUDITOR));

    /** One event as the notes would see it. */
    record Seen(AuditEvent event, RequestState state, String actor) {
    }

    final DataSource ds;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T09:00:00Z"));
    final ProcessedFileFixture file;
    final JdbcAuditLog audit;
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    final ExceptionWorkflow workflow;
    final String requesterKey;

    WorkflowFixture(String database, Path dir, ExceptionPolicy policy) throws Exception {
        ds = TestDatabases.fresh(database, dir);
        file = new ProcessedFileFixture(dir, JOB);
        audit = new JdbcAuditLog(ds);
        requesterKey = key("x25519-public.asc");
        ProcessedFiles files = new ProcessedFiles() {
            @Override
            public Optional<ProcessedFile> find(String caseId, String jobId) {
                return caseId.equals(CASE) && jobId.equals(JOB) ? Optional.of(file.file(CASE, JOB)) : Optional.empty();
            }

            @Override
            public List<ProcessedFile> ofCase(String caseId) {
                return find(caseId, JOB).stream().toList();
            }
        };
        workflow = new ExceptionWorkflow(new JdbcExceptionRequests(ds, new ObjectMapper().findAndRegisterModules()),
                audit, files, person -> person.equals("dave") ? Optional.of(requesterKey) : Optional.empty(),
                (event, request, record) -> seen.add(new Seen(event, request.state(), record.entry().actor())),
                policy, clock, new HarSanitizer(SanitizerPolicy.defaults())::sanitizeText);
    }

    static String key(String name) throws Exception {
        return Files.readString(Path.of(WorkflowFixture.class.getResource("/keys/" + name).toURI()));
    }

    NewRequest markers(String... markers) {
        return new NewRequest(CASE, JOB, "Ticket 4711: the login call fails with 401 and we need the token",
                Scope.MARKERS, List.of(markers), List.of(), null, requesterKey);
    }

    NewRequest scope(Scope scope, List<Integer> entries) {
        return new NewRequest(CASE, JOB, "Ticket 4711: the login call fails with 401 and we need the token",
                scope, List.of(), entries, "ATLAS_7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910_3", requesterKey);
    }

    List<AuditEvent> events() {
        return seen.stream().map(Seen::event).toList();
    }

    Map<String, String> lastAuditDetails() {
        var all = audit.list(null, null, 1000);
        return all.get(all.size() - 1).entry().details();
    }
}
