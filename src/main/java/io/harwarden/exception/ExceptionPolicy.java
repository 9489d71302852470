package io.harwarden.exception;

import java.time.Duration;

/**
 * The workflow's rules, from configuration (see {@code ExceptionConfig}).
 *
 * @param approvals approvals needed per scope, in the order of {@link Scope}
 * @param requestsPerHour new requests one person may make in an hour
 */
public record ExceptionPolicy(int markerApprovals, int entryApprovals, int fileApprovals, Duration pendingTtl,
        Duration grantTtl, int minJustification, int requestsPerHour) {

    /** The defaults: one approver other than the requester for markers and entries, two for the file. */
    public static ExceptionPolicy defaults() {
        return new ExceptionPolicy(1, 1, 2, Duration.ofHours(24), Duration.ofHours(1), 30, 10);
    }

    public int approvalsFor(Scope scope) {
        return switch (scope) {
            case MARKERS -> markerApprovals;
            case ENTRIES -> entryApprovals;
            case FILE -> fileApprovals;
        };
    }
}
