package io.harwarden.exception;

import static io.harwarden.exception.WorkflowFixture.ALICE;
import static io.harwarden.exception.WorkflowFixture.AUDREY;
import static io.harwarden.exception.WorkflowFixture.BOB;
import static io.harwarden.exception.WorkflowFixture.CAROL;
import static io.harwarden.exception.WorkflowFixture.DAVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.OnBothDatabases;
import io.harwarden.TestDatabases;
import io.harwarden.exception.ExceptionRefused.Reason;
import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every transition of a request and every refusal, enforced by the service whatever the client sends. */
class ExceptionWorkflowTest {
    @TempDir
    Path dir;

    private WorkflowFixture fixture() throws Exception {
        return new WorkflowFixture(TestDatabases.H2, dir, ExceptionPolicy.defaults());
    }

    private static ExceptionRefused refused(Reason reason, Executable call) {
        ExceptionRefused e = assertThrows(ExceptionRefused.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        return e;
    }

    @OnBothDatabases
    void twoMarkersApprovedByAnotherPersonAreReleasedOnceAndEveryStepIsAuditedAndNoted(String database)
            throws Exception {
        WorkflowFixture f = new WorkflowFixture(database, dir, ExceptionPolicy.defaults());
        String password = f.file.marker("password");
        String jwt = f.file.marker("jwt-signature");
        ExceptionRequest asked = f.workflow.request(CAROL, f.markers(password, jwt));
        assertEquals(RequestState.PENDING, asked.state());
        assertEquals(List.of(password, jwt), asked.markers());
        assertEquals(f.clock.instant().plus(Duration.ofHours(24)), asked.expiresAt());
        assertNotNull(asked.requesterFingerprint());

        ExceptionRequest approved = f.workflow.approve(BOB, asked.id(), "ok for ticket 4711");
        assertEquals(RequestState.APPROVED, approved.state());
        assertEquals(f.clock.instant().plus(Duration.ofHours(1)), approved.expiresAt(), "the grant's window");

        ExceptionRequest released = f.workflow.startRelease(CAROL, asked.id());
        assertEquals(RequestState.RELEASED, released.state());
        f.workflow.delivered(CAROL, released, asked.requesterFingerprint(), "ab".repeat(32), 512);

        assertEquals(List.of(AuditEvent.REQUESTED, AuditEvent.APPROVED, AuditEvent.RELEASED), f.events());
        assertEquals(List.of("carol", "bob", "carol"), f.seen.stream().map(WorkflowFixture.Seen::actor).toList());
        assertInstanceOf(AuditVerdict.Intact.class, f.audit.verify());
        String chain = f.audit.list(null, null, 100).toString();
        assertFalse(chain.contains(ProcessedFileFixture.PASSWORD), "no value in the audit log");
        assertEquals("markers", f.audit.list(asked.id(), null, 10).get(0).entry().details().get("scope"));
    }

    @Test
    void nobodyApprovesTheirOwnRequestWhateverRolesTheyHold() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest asked = f.workflow.request(ALICE, f.markers(f.file.marker("password")));
        refused(Reason.SELF_APPROVAL, () -> f.workflow.approve(ALICE, asked.id(), "mine"));
        refused(Reason.SELF_APPROVAL, () -> f.workflow.deny(ALICE, asked.id(), "mine"));
        assertEquals(RequestState.PENDING, f.workflow.get(BOB, asked.id()).state());
        assertEquals(List.of(AuditEvent.REQUESTED, AuditEvent.REFUSED, AuditEvent.REFUSED), f.events());
        assertTrue(f.lastAuditDetails().get("reason").contains("their own request"));
    }

    @Test
    void onlyApproversDecideAndOnlyRequestersAsk() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest asked = f.workflow.request(DAVE, f.markers(f.file.marker("password")));
        refused(Reason.FORBIDDEN_ROLE, () -> f.workflow.approve(CAROL, asked.id(), "I can't"));
        refused(Reason.FORBIDDEN_ROLE, () -> f.workflow.approve(AUDREY, asked.id(), "I can't"));
        refused(Reason.FORBIDDEN_ROLE, () -> f.workflow.request(BOB, f.markers(f.file.marker("password"))));
        assertEquals(RequestState.PENDING, f.workflow.get(AUDREY, asked.id()).state());
    }

    @Test
    void theFileNeedsTwoDifferentApproversAndOneDecisionEach() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest asked = f.workflow.request(CAROL, f.scope(Scope.FILE, List.of()));
        assertEquals(RequestState.PENDING, f.workflow.approve(BOB, asked.id(), "one").state());
        refused(Reason.ALREADY_DECIDED, () -> f.workflow.approve(BOB, asked.id(), "again"));
        refused(Reason.ALREADY_DECIDED, () -> f.workflow.deny(BOB, asked.id(), "changed my mind"));
        refused(Reason.INVALID, () -> f.workflow.approve(DAVE, asked.id(), "y".repeat(4001)));
        ExceptionRequest approved = f.workflow.approve(DAVE, asked.id(), "two");
        assertEquals(RequestState.APPROVED, approved.state());
        assertEquals(2, approved.approvals());
        refused(Reason.STATE_CONFLICT, () -> f.workflow.approve(ALICE, asked.id(), "late"));
    }

    @Test
    void aDenialNeedsACommentWhateverTheClient() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest asked = f.workflow.request(CAROL, f.scope(Scope.FILE, List.of()));
        ExceptionRefused e = refused(Reason.INVALID, () -> f.workflow.deny(BOB, asked.id(), null));
        assertEquals(Map.of("comment", "required to deny"), e.fields());
        refused(Reason.INVALID, () -> f.workflow.deny(BOB, asked.id(), "  \n "));
        assertEquals(RequestState.PENDING, f.workflow.get(CAROL, asked.id()).state());
        assertEquals(RequestState.DENIED, f.workflow.deny(BOB, asked.id(), "no ticket named").state());
    }

    @Test
    void aDenialIsFinal() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest asked = f.workflow.request(CAROL, f.scope(Scope.FILE, List.of()));
        f.workflow.approve(BOB, asked.id(), "one");
        assertEquals(RequestState.DENIED, f.workflow.deny(DAVE, asked.id(), "no: the tokens are live").state());
        refused(Reason.STATE_CONFLICT, () -> f.workflow.approve(ALICE, asked.id(), "after"));
        refused(Reason.STATE_CONFLICT, () -> f.workflow.startRelease(CAROL, asked.id()));
    }

    @Test
    void aPendingRequestAndAGrantExpire() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest late = f.workflow.request(CAROL, f.markers(f.file.marker("password")));
        f.clock.advance(Duration.ofHours(24));
        refused(Reason.GONE, () -> f.workflow.approve(BOB, late.id(), "too late"));
        assertEquals(RequestState.EXPIRED, f.workflow.get(BOB, late.id()).state());
        assertTrue(f.events().contains(AuditEvent.EXPIRED));

        ExceptionRequest granted = f.workflow.request(CAROL, f.markers(f.file.marker("password")));
        f.workflow.approve(BOB, granted.id(), "ok");
        f.clock.advance(Duration.ofMinutes(61));
        refused(Reason.GONE, () -> f.workflow.startRelease(CAROL, granted.id()));
        assertEquals(RequestState.EXPIRED, f.workflow.get(CAROL, granted.id()).state());
    }

    @Test
    void theScheduledSweepExpiresWhatNobodyTouches() throws Exception {
        WorkflowFixture f = fixture();
        f.workflow.request(CAROL, f.markers(f.file.marker("password")));
        ExceptionRequest granted = f.workflow.request(CAROL, f.markers(f.file.marker("password")));
        f.workflow.approve(BOB, granted.id(), "ok");
        assertEquals(0, f.workflow.expireDue());
        f.clock.advance(Duration.ofHours(25));
        assertEquals(2, f.workflow.expireDue());
        assertEquals(0, f.workflow.expireDue());
        assertEquals(2, f.events().stream().filter(e -> e == AuditEvent.EXPIRED).count());
    }

    @Test
    void aSecondDownloadIsGoneAuditedAndNoted() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest asked = f.workflow.request(CAROL, f.markers(f.file.marker("password")));
        f.workflow.approve(BOB, asked.id(), "ok");
        refused(Reason.NOT_REQUESTER, () -> f.workflow.startRelease(BOB, asked.id()));
        f.workflow.startRelease(CAROL, asked.id());
        refused(Reason.GONE, () -> f.workflow.startRelease(CAROL, asked.id()));
        assertEquals(AuditEvent.REPLAY_ATTEMPT, f.events().get(f.events().size() - 1));
    }

    @Test
    void twoDownloadsAtOnceGiveOneRelease() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest asked = f.workflow.request(CAROL, f.markers(f.file.marker("password")));
        f.workflow.approve(BOB, asked.id(), "ok");
        List<Object> outcomes = race(() -> () -> f.workflow.startRelease(CAROL, asked.id()));
        assertEquals(1, outcomes.stream().filter(ExceptionRequest.class::isInstance).count(), outcomes.toString());
        assertEquals(1, outcomes.stream().filter(o -> o instanceof ExceptionRefused r && r.reason() == Reason.GONE)
                .count(), outcomes.toString());
    }

    @Test
    void twoApprovalsAtOnceAreNotBothCounted() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest asked = f.workflow.request(CAROL, f.scope(Scope.FILE, List.of()));
        List<Caller> approvers = List.of(BOB, DAVE);
        int[] next = {0};
        List<Object> outcomes = race(() -> {
            Caller who = approvers.get(next[0]++);
            return () -> f.workflow.approve(who, asked.id(), "ok");
        });
        ExceptionRequest now = f.workflow.get(BOB, asked.id());
        long won = outcomes.stream().filter(ExceptionRequest.class::isInstance).count();
        assertEquals(won, now.approvals(), outcomes.toString());
        assertEquals(won == 2 ? RequestState.APPROVED : RequestState.PENDING, now.state());
    }

    /** Runs two calls made by {@code calls} at the same moment; each outcome is a result or the refusal. */
    private static List<Object> race(Supplier<Supplier<Object>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Object>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Supplier<Object> call = calls.get();
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return call.get();
                } catch (ExceptionRefused e) {
                    return e;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (CompletableFuture<Object> run : runs) {
            outcomes.add(run.get());
        }
        return outcomes;
    }

    @Test
    void aRequestNamesItsFieldsWrongOneByOne() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRefused e = refused(Reason.INVALID, () -> f.workflow.request(CAROL, new NewRequest(
                WorkflowFixture.CASE, WorkflowFixture.JOB, "because", Scope.MARKERS, List.of(), List.of(), " ",
                WorkflowFixture.key("rsa2048-weak-public.asc"))));
        assertEquals(List.of("justification", "pointer", "markers", "requesterKey"), List.copyOf(e.fields().keySet()));
        assertTrue(e.fields().get("requesterKey").contains("3072"), e.fields().toString());

        e = refused(Reason.INVALID, () -> f.workflow.request(CAROL, f.markers("[REDACTED:token:00000000]")));
        assertEquals("not in this file's sanitized copy: [REDACTED:token:00000000]", e.fields().get("markers"));
        e = refused(Reason.INVALID, () -> f.workflow.request(CAROL, f.markers("not a marker")));
        assertTrue(e.fields().containsKey("markers"));
        e = refused(Reason.INVALID, () -> f.workflow.request(CAROL, f.scope(Scope.ENTRIES, List.of(0, 3))));
        assertEquals("outside the file: it has 3 entries, numbered from 0", e.fields().get("entries"));
        e = refused(Reason.INVALID, () -> f.workflow.request(CAROL, f.scope(Scope.ENTRIES, List.of())));
        assertEquals("required for scope entries", e.fields().get("entries"));
        e = refused(Reason.INVALID, () -> f.workflow.request(CAROL, new NewRequest(WorkflowFixture.CASE,
                WorkflowFixture.JOB, "Ticket 4711: the login call fails with 401 and we need it", Scope.FILE,
                List.of(), List.of(1), null, WorkflowFixture.key("expired-public.asc"))));
        assertTrue(e.fields().get("requesterKey").contains("expired"), e.fields().toString());
        e = refused(Reason.INVALID, () -> f.workflow.request(CAROL, new NewRequest(WorkflowFixture.CASE,
                WorkflowFixture.JOB, "Ticket 4711: the login call fails with 401 and we need it", Scope.FILE,
                List.of(), List.of(1), null, null)));
        assertEquals("required: no OpenPGP key is registered for carol", e.fields().get("requesterKey"));
        assertEquals(RequestState.PENDING, f.workflow.request(DAVE, new NewRequest(WorkflowFixture.CASE,
                WorkflowFixture.JOB, "Ticket 4711: the login call fails with 401 and we need it", Scope.FILE,
                List.of(), List.of(1), null, null)).state(), "dave's registered key");

        refused(Reason.NOT_FOUND, () -> f.workflow.request(CAROL, new NewRequest("CASE-other", WorkflowFixture.JOB,
                "x", Scope.FILE, List.of(), List.of(), null, null)));
        refused(Reason.NOT_FOUND, () -> f.workflow.request(CAROL, new NewRequest(WorkflowFixture.CASE, "job-nope",
                "x", Scope.FILE, List.of(), List.of(), null, null)));
        refused(Reason.INVALID, () -> f.workflow.request(CAROL, new NewRequest(null, null, "x", Scope.FILE,
                List.of(), List.of(), null, null)));
        e = refused(Reason.INVALID, () -> f.workflow.request(CAROL, new NewRequest(WorkflowFixture.CASE,
                WorkflowFixture.JOB, "Ticket 4711: the login call fails with 401 and we need it", Scope.FILE,
                List.of(), List.of(1), "x".repeat(201), "k".repeat(70_000))));
        assertEquals(List.of("trackingId", "requesterKey"), List.copyOf(e.fields().keySet()));
        assertEquals(List.of(AuditEvent.REQUESTED), f.events(), "only dave's request was recorded");
    }

    /** Someone pastes a live token into a justification or a comment: it is redacted before it is kept anywhere. */
    @Test
    void aSecretPastedIntoPeoplesTextIsRedactedBeforeItIsStoredNotedOrAudited() throws Exception {
        WorkflowFixture f = fixture();
        String token = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A";
        ExceptionRequest asked = f.workflow.request(CAROL, new NewRequest(WorkflowFixture.CASE, WorkflowFixture.JOB,
                "Ticket 4711: the call with token " + token + " fails with 401", Scope.FILE, List.of(), List.of(1),
                null, f.requesterKey));
        assertFalse(asked.justification().contains(token), asked.justification());
        assertTrue(asked.justification().startsWith("Ticket 4711: the call with token [REDACTED:"));
        ExceptionRequest decided = f.workflow.approve(BOB, asked.id(), "checked with password=Hunter2Hunter2!");
        assertFalse(decided.decisions().get(0).comment().contains("Hunter2Hunter2"));
        String everything = f.audit.list(null, null, 100).toString() + f.workflow.get(BOB, asked.id());
        assertFalse(everything.contains(token) || everything.contains("Hunter2Hunter2"), everything);
    }

    @Test
    void requestsAreRateLimitedPerPerson() throws Exception {
        WorkflowFixture f = new WorkflowFixture(TestDatabases.H2, dir, new ExceptionPolicy(1, 1, 2,
                Duration.ofHours(24), Duration.ofHours(1), 30, 2));
        f.workflow.request(CAROL, f.scope(Scope.FILE, List.of()));
        f.workflow.request(CAROL, f.scope(Scope.FILE, List.of()));
        refused(Reason.RATE_LIMITED, () -> f.workflow.request(CAROL, f.scope(Scope.FILE, List.of())));
        f.workflow.request(DAVE, f.scope(Scope.FILE, List.of()));
        f.clock.advance(Duration.ofMinutes(61));
        f.workflow.request(CAROL, f.scope(Scope.FILE, List.of()));
    }

    @Test
    void approversSeeWhatAReleaseWouldExposeAndNoValue() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest file = f.workflow.request(CAROL, f.scope(Scope.FILE, List.of()));
        Exposure all = f.workflow.exposure(BOB, file.id());
        assertEquals(Map.of("jwt-signature", 2L, "password", 1L, "cookie", 1L), all.byCategory());
        assertEquals(4, all.credentials());
        assertEquals(1, all.expiredJwts());
        assertEquals(1, all.liveJwts());
        assertEquals(0, all.jwtsWithoutExpiry());

        ExceptionRequest first = f.workflow.request(CAROL, f.scope(Scope.ENTRIES, List.of(0)));
        assertEquals(new Exposure(1, Map.of("jwt-signature", 1L), 1, 0, 0), f.workflow.exposure(BOB, first.id()));
        ExceptionRequest one = f.workflow.request(CAROL, f.markers(f.file.marker("password")));
        assertEquals(new Exposure(1, Map.of("password", 1L), 0, 0, 0), f.workflow.exposure(BOB, one.id()));
    }

    @Test
    void requestersSeeOnlyTheirOwnRequests() throws Exception {
        WorkflowFixture f = fixture();
        ExceptionRequest carols = f.workflow.request(CAROL, f.markers(f.file.marker("password")));
        ExceptionRequest daves = f.workflow.request(DAVE, f.scope(Scope.FILE, List.of()));
        Caller eve = new Caller("eve", java.util.Set.of(Role.REQUESTER));
        refused(Reason.NOT_FOUND, () -> f.workflow.get(eve, carols.id()));
        var filter = new JdbcExceptionRequests.Filter(null, null, null, 50);
        assertEquals(List.of(), f.workflow.list(eve, filter));
        assertEquals(List.of(carols.id()), f.workflow.list(CAROL, filter).stream().map(ExceptionRequest::id).toList());
        assertEquals(2, f.workflow.list(AUDREY, filter).size());
        assertEquals(List.of(daves.id()), f.workflow.list(BOB, new JdbcExceptionRequests.Filter(null, null, "dave",
                50)).stream().map(ExceptionRequest::id).toList());
    }
}
