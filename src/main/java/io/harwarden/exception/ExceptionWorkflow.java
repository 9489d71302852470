package io.harwarden.exception;

import io.harwarden.exception.ExceptionRefused.Reason;
import io.harwarden.exception.audit.AuditEntry;
import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditRecord;
import io.harwarden.exception.audit.JdbcAuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The exception workflow: requests, N-of-M approvals by people other than the requester, one release within the
 * grant's window. Every rule is enforced here, whatever the client: roles, self-approval, one decision per person,
 * final states, expiry, single use. Every event and every refused attempt on a request goes to the audit chain and
 * then to {@link ExceptionEvents} (the case note). Content never passes through here: see {@code Releases}.
 */
public final class ExceptionWorkflow {
    private final JdbcExceptionRequests requests;
    private final JdbcAuditLog audit;
    private final ProcessedFiles files;
    private final RequestChecks checks;
    private final ExceptionEvents events;
    private final ExceptionPolicy policy;
    private final Clock clock;
    /** Redacts what people paste into their text (a token in a justification), with the sanitizer's rules. */
    private final UnaryOperator<String> scrub;

    public ExceptionWorkflow(JdbcExceptionRequests requests, JdbcAuditLog audit, ProcessedFiles files,
            Function<String, Optional<String>> registeredKeys, ExceptionEvents events, ExceptionPolicy policy,
            Clock clock, UnaryOperator<String> scrub) {
        this.scrub = scrub;
        this.requests = requests;
        this.audit = audit;
        this.files = files;
        this.checks = new RequestChecks(policy, registeredKeys, clock);
        this.events = events;
        this.policy = policy;
        this.clock = clock;
    }

    public ExceptionPolicy policy() {
        return policy;
    }

    /** Records a new request after checking it, its file and the requester's rate. */
    public ExceptionRequest request(Caller caller, NewRequest asked) {
        if (!caller.has(Role.REQUESTER)) {
            throw new ExceptionRefused(Reason.FORBIDDEN_ROLE, "only a requester may ask for an original");
        }
        Instant now = clock.instant();
        if (requests.countSince(caller.name(), now.minus(Duration.ofHours(1))) >= policy.requestsPerHour()) {
            throw new ExceptionRefused(Reason.RATE_LIMITED, "at most " + policy.requestsPerHour()
                    + " requests per hour; try again later");
        }
        ProcessedFile file = checks.file(asked, files);
        RequestChecks.Key key = checks.validate(caller, asked, file);
        ExceptionRequest request = new ExceptionRequest(UUID.randomUUID().toString(), file.caseId(), file.jobId(),
                file.fileName(), caller.name(), scrub.apply(asked.justification().strip()), asked.scope(), asked.markers(),
                asked.entries().stream().distinct().sorted().toList(), blankToNull(asked.trackingId()), key.armored(),
                key.fingerprint(), RequestState.PENDING, now, now.plus(policy.pendingTtl()), List.of(), null, 0);
        requests.insert(request);
        Map<String, String> details = new LinkedHashMap<>(scopeDetails(request));
        details.put("justification", request.justification());
        details.put("recipient", request.requesterFingerprint());
        record(AuditEvent.REQUESTED, caller, request, details);
        return request;
    }

    /** An approval; the request is approved once the scope's number of other people approved it. */
    public ExceptionRequest approve(Caller caller, String id, String comment) {
        return decide(caller, id, true, comment);
    }

    /** A denial: final, whatever others decided. */
    public ExceptionRequest deny(Caller caller, String id, String comment) {
        return decide(caller, id, false, comment);
    }

    private ExceptionRequest decide(Caller caller, String id, boolean approve, String comment) {
        ExceptionRequest request = current(id);
        String action = approve ? "approve" : "deny";
        if (!caller.has(Role.APPROVER)) {
            throw refused(caller, request, Reason.FORBIDDEN_ROLE, "only an approver may " + action + " a request");
        }
        if (caller.name().equals(request.requester())) {
            throw refused(caller, request, Reason.SELF_APPROVAL, "nobody may " + action + " their own request");
        }
        if (request.decidedBy(caller.name())) {
            throw refused(caller, request, Reason.ALREADY_DECIDED, caller.name() + " has already decided on this "
                    + "request; decisions are final");
        }
        requirePending(caller, request, action);
        if (!approve && (comment == null || comment.isBlank())) {
            throw new ExceptionRefused(Reason.INVALID, "say why you deny the request", Map.of("comment",
                    "required to deny"));
        }
        if (comment != null && comment.length() > RequestChecks.MAX_TEXT) {
            throw new ExceptionRefused(Reason.INVALID, "the comment is too long", Map.of("comment", "at most "
                    + RequestChecks.MAX_TEXT + " characters"));
        }
        Instant now = clock.instant();
        Decision decision = new Decision(caller.name(), approve, comment == null ? "" : scrub.apply(comment.strip()),
                now);
        boolean enough = approve && request.approvals() + 1 >= policy.approvalsFor(request.scope());
        RequestState next = !approve ? RequestState.DENIED : enough ? RequestState.APPROVED : RequestState.PENDING;
        ExceptionRequest decided = request.with(decision, next, enough ? now.plus(policy.grantTtl())
                : request.expiresAt());
        write(decided);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("comment", decision.comment());
        details.put("approvals", decided.approvals() + " of " + policy.approvalsFor(request.scope()));
        record(approve ? AuditEvent.APPROVED : AuditEvent.DENIED, caller, decided, details);
        return decided;
    }

    /**
     * Takes the grant: the request becomes RELEASED before any content is made, so a second download (or two at
     * once) is refused (410), audited and noted. The caller then makes the content and reports it with
     * {@link #delivered} or {@link #failed}.
     */
    public ExceptionRequest startRelease(Caller caller, String id) {
        ExceptionRequest request = current(id);
        if (!caller.name().equals(request.requester())) {
            throw refused(caller, request, Reason.NOT_REQUESTER, "only the requester may download a release");
        }
        if (request.state() == RequestState.RELEASED) {
            record(AuditEvent.REPLAY_ATTEMPT, caller, request, Map.of("released", String.valueOf(request
                    .releasedAt())));
            throw new ExceptionRefused(Reason.GONE, "this release was already downloaded; a release is given once");
        }
        if (request.state() == RequestState.EXPIRED) {
            throw refused(caller, request, Reason.GONE, "the request expired on " + request.expiresAt());
        }
        if (request.state() != RequestState.APPROVED) {
            throw refused(caller, request, Reason.STATE_CONFLICT, "the request is " + request.state().name()
                    .toLowerCase(Locale.ROOT) + ", not approved");
        }
        ExceptionRequest taken = request.at(RequestState.RELEASED, clock.instant());
        if (!requests.update(taken)) {
            record(AuditEvent.REPLAY_ATTEMPT, caller, request, Map.of("released", "at the same moment"));
            throw new ExceptionRefused(Reason.GONE, "this release was already downloaded; a release is given once");
        }
        return taken;
    }

    /** The release reached the requester, encrypted to {@code recipient}, as bytes with {@code sha256}. */
    public void delivered(Caller caller, ExceptionRequest released, String recipient, String sha256, long bytes) {
        Map<String, String> details = new LinkedHashMap<>(scopeDetails(released));
        details.put("recipient", recipient);
        details.put("sha256", sha256);
        details.put("bytes", Long.toString(bytes));
        record(AuditEvent.RELEASED, caller, released, details);
    }

    /** Making the release failed after the grant was taken: it stays used, and the audit says why. */
    public void failed(Caller caller, ExceptionRequest released, String reason) {
        record(AuditEvent.REFUSED, caller, released, Map.of("reason", "the release could not be made: " + reason));
    }

    /** A request as the caller may see it: their own, or any for approvers and auditors. */
    /**
     * The fingerprint of the key {@code caller}'s next request is encrypted to when it names none: the one registered
     * for them, else the one of their last request.
     */
    public Optional<String> keyOnRecord(Caller caller) {
        return checks.keyOnRecord(caller);
    }

    public ExceptionRequest get(Caller caller, String id) {
        ExceptionRequest request = current(id);
        if (!caller.name().equals(request.requester()) && !caller.has(Role.APPROVER) && !caller.has(Role.AUDITOR)) {
            throw new ExceptionRefused(Reason.NOT_FOUND, "no such request");
        }
        return request;
    }

    /** Requests the caller may see, newest first; requesters without another role see only their own. */
    public List<ExceptionRequest> list(Caller caller, JdbcExceptionRequests.Filter filter) {
        expireDue();
        boolean all = caller.has(Role.APPROVER) || caller.has(Role.AUDITOR);
        String requester = all ? filter.requester() : caller.name();
        return requests.list(new JdbcExceptionRequests.Filter(filter.state(), filter.caseId(), requester,
                Math.min(Math.max(filter.limit(), 1), 500)));
    }

    /** What the request's release would disclose, for the approver's decision. */
    public Exposure exposure(Caller caller, String id) {
        ExceptionRequest request = get(caller, id);
        return exposure(request, files.find(request.caseId(), request.jobId())
                .orElseThrow(() -> new ExceptionRefused(Reason.NOT_FOUND, "the processed file is no longer known")));
    }

    /** What a request the caller has already read would expose, counted from its file's manifest. */
    public Exposure exposure(ExceptionRequest request, ProcessedFile file) {
        return Exposures.of(request, file.manifest());
    }

    /** Marks every pending request and grant past its time as expired (audited, noted); returns how many. */
    public int expireDue() {
        int expired = 0;
        Instant now = clock.instant();
        for (RequestState state : List.of(RequestState.PENDING, RequestState.APPROVED)) {
            for (ExceptionRequest r : requests.list(new JdbcExceptionRequests.Filter(state, null, null, 1000))) {
                if (!r.expiresAt().isAfter(now) && expire(r) != null) {
                    expired++;
                }
            }
        }
        return expired;
    }

    /** The request as it stands, expired first if its time has passed. */
    private ExceptionRequest current(String id) {
        ExceptionRequest request = requests.find(id)
                .orElseThrow(() -> new ExceptionRefused(Reason.NOT_FOUND, "no such request"));
        if (!request.state().isFinal() && !request.expiresAt().isAfter(clock.instant())) {
            ExceptionRequest expired = expire(request);
            return expired != null ? expired : requests.find(id).orElseThrow();
        }
        return request;
    }

    private ExceptionRequest expire(ExceptionRequest request) {
        ExceptionRequest expired = request.at(RequestState.EXPIRED, request.releasedAt());
        if (!requests.update(expired)) {
            return null; // another transition won; it is audited by whoever made it
        }
        record(AuditEvent.EXPIRED, new Caller("harwarden", Set.of()), expired,
                Map.of("was", request.state().name().toLowerCase(Locale.ROOT)));
        return expired;
    }

    private void requirePending(Caller caller, ExceptionRequest request, String action) {
        if (request.state() == RequestState.EXPIRED) {
            throw refused(caller, request, Reason.GONE, "the request expired on " + request.expiresAt());
        }
        if (request.state() != RequestState.PENDING) {
            throw refused(caller, request, Reason.STATE_CONFLICT, "cannot " + action + " a request that is "
                    + request.state().name().toLowerCase(Locale.ROOT));
        }
    }

    private void write(ExceptionRequest next) {
        if (!requests.update(next)) {
            throw new ExceptionRefused(Reason.STATE_CONFLICT, "the request changed meanwhile; read it again");
        }
    }

    private ExceptionRefused refused(Caller caller, ExceptionRequest request, Reason reason, String message) {
        record(AuditEvent.REFUSED, caller, request, Map.of("reason", message));
        return new ExceptionRefused(reason, message);
    }

    private void record(AuditEvent event, Caller caller, ExceptionRequest request, Map<String, String> details) {
        AuditRecord record = audit.append(new AuditEntry(event, caller.name(), request.id(), request.caseId(),
                details), clock.instant());
        events.happened(event, request, record);
    }

    private static Map<String, String> scopeDetails(ExceptionRequest request) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("scope", request.scope().label());
        details.put("file", request.fileName());
        if (!request.markers().isEmpty()) {
            details.put("markers", String.join(" ", request.markers()));
        }
        if (!request.entries().isEmpty()) {
            details.put("entries", request.entries().toString());
        }
        return details;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
