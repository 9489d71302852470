package io.harwarden.exception;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to see (part of) an original, and everything decided about it. Immutable: each transition makes a new
 * record with the next {@link #version}, which the repository checks so that two transitions never both win.
 *
 * @param jobId the processed file (its job), whose encrypted original and manifest the release uses
 * @param trackingId a tracking id from the sanitized copy the requester works from, or null
 * @param requesterKey the requester's OpenPGP public key (armored) that the release is encrypted to
 * @param expiresAt when a pending request lapses; once approved, when the grant lapses
 */
public record ExceptionRequest(String id, String caseId, String jobId, String fileName, String requester,
        String justification, Scope scope, List<String> markers, List<Integer> entries, String trackingId,
        String requesterKey, String requesterFingerprint, RequestState state, Instant createdAt, Instant expiresAt,
        List<Decision> decisions, Instant releasedAt, long version) {
    public ExceptionRequest {
        markers = List.copyOf(markers);
        entries = List.copyOf(entries);
        decisions = List.copyOf(decisions);
    }

    public long approvals() {
        return decisions.stream().filter(Decision::approved).count();
    }

    public boolean decidedBy(String person) {
        return decisions.stream().anyMatch(d -> d.approver().equals(person));
    }

    ExceptionRequest with(Decision decision, RequestState state, Instant expiresAt) {
        List<Decision> all = new ArrayList<>(decisions);
        all.add(decision);
        return new ExceptionRequest(id, caseId, jobId, fileName, requester, justification, scope, markers, entries,
                trackingId, requesterKey, requesterFingerprint, state, createdAt, expiresAt, all, releasedAt,
                version + 1);
    }

    ExceptionRequest at(RequestState next, Instant releasedAt) {
        return new ExceptionRequest(id, caseId, jobId, fileName, requester, justification, scope, markers, entries,
                trackingId, requesterKey, requesterFingerprint, next, createdAt, expiresAt, decisions, releasedAt,
                version + 1);
    }
}
