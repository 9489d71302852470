package io.harwarden.triage;

import java.util.List;
import java.util.Map;

/**
 * What a HAR shows, for support: derived facts and the support values they need (status, timings, hosts, path
 * templates, tracking ids, error texts that passed the sanitizer's detectors), never a value the sanitizer redacts.
 *
 * @param capture what the file is
 * @param failed the first failed calls, in the capture's order
 * @param failedTotal how many calls failed in all
 * @param serverErrors of those, how many answered 5xx
 * @param clientErrors of those, how many answered 4xx
 * @param networkErrors of those, how many got no response (status 0, a browser error)
 * @param tracking the tracking ids of the failed calls, by service
 * @param sessions ids that share a session root (Webex's uuid, a trace id), across services
 * @param searchLine the failed calls' ids as one search, ready to paste
 * @param searchLinks the configured log search for each of those ids (empty when none is configured)
 * @param slowest the slowest calls, slowest first
 * @param findings auth, CORS, network, redirect, rate-limit and nested-error findings
 * @param captureNotes what the capture lacks, and what to ask the customer for
 * @param waterfall the failed and slowest calls on the capture's time axis, in its order, for the picture
 */
public record TriageReport(Capture capture, List<FailedCall> failed, int failedTotal, int serverErrors,
        int clientErrors, int networkErrors, List<TrackingGroup> tracking,
        List<Session> sessions, String searchLine, List<String> searchLinks, List<SlowCall> slowest,
        List<Finding> findings, List<String> captureNotes, List<Bar> waterfall) {

    /**
     * @param creator the tool that wrote the file
     * @param entries its calls
     * @param pages its pages
     * @param firstStarted the first call's start (UTC), or null
     * @param lastStarted the last call's start (UTC), or null
     * @param offset the capture's own UTC offset when it wrote one (e.g. {@code +09:00}), or null
     * @param problem why the file could not be read whole, or null
     */
    public record Capture(String creator, int entries, int pages, String firstStarted, String lastStarted,
            String offset, String problem) {
    }

    /**
     * A call that failed, in the columns support uses.
     *
     * @param entry its index in the file ({@code e000123} in the note)
     * @param started its start, UTC, to the millisecond ({@code 2025-06-10 15:20:41.445}), or empty
     * @param url scheme, host and path with ids as placeholders
     * @param method the method
     * @param status the status (0: no response)
     * @param trackingIds its tracking and request ids
     * @param error what the body or the browser said, one line, or empty
     * @param upstreamStatus a status the body names that is not the response's (a 502 wrapping a 400), or 0
     */
    public record FailedCall(int entry, String started, String url, String method, int status,
            List<String> trackingIds, String error, int upstreamStatus) {
    }

    /** The tracking ids of one service's failed calls. */
    public record TrackingGroup(String service, List<String> ids) {
    }

    /** Ids of one session or trace ({@code ATLAS_<uuid>_1}, {@code _3}, {@code CPAPI_<uuid>_3_0}). */
    public record Session(String root, List<String> ids) {
    }

    /**
     * One of the slowest calls.
     *
     * @param entry its index
     * @param method the method
     * @param url its path template
     * @param ms its total time
     * @param phases the measured phases in ms, in request order
     * @param reading one line on where the time went
     * @param hostMedianMs the median time of the same host's calls
     * @param outlier whether it is far slower than the same host's calls
     */
    public record SlowCall(int entry, String method, String url, long ms, Map<String, Long> phases, String reading,
            long hostMedianMs, boolean outlier) {
    }

    /**
     * A row of the waterfall picture.
     *
     * @param entry the call's index
     * @param method its method
     * @param url its path template
     * @param status its status
     * @param failed whether it failed
     * @param startMs when it started, after the capture's first call
     * @param totalMs how long it took
     * @param phases its measured phases in ms, in request order (empty when the capture has none)
     */
    public record Bar(int entry, String method, String url, int status, boolean failed, long startMs, long totalMs,
            Map<String, Long> phases) {
    }

    /** What kind of problem a finding names. */
    public enum Kind {
        AUTH, CORS, NETWORK, REDIRECT_LOOP, RATE_LIMIT, NESTED_ERROR
    }

    /**
     * A problem found.
     *
     * @param kind its kind
     * @param entry the first call that shows it
     * @param text one line, for a person
     */
    public record Finding(Kind kind, int entry, String text) {
    }
}
