package io.harwarden.triage;

/**
 * An entry's phases in ms, as HAR writes them (-1 or missing: not measured). {@code queued} is Chrome's
 * {@code _blocked_queueing}, part of {@code blocked}.
 */
public record Timings(double blocked, double queued, double dns, double connect, double ssl, double send, double waiting,
        double receive) {

    /** The phases a reading can name, in the order a request goes through them. */
    public enum Phase {
        QUEUED, DNS, CONNECT, TLS, SEND, WAIT, RECEIVE
    }

    /** The time spent in {@code phase} (0 when not measured); connect excludes the TLS handshake it contains. */
    public double of(Phase phase) {
        return switch (phase) {
            case QUEUED -> Math.max(0, Math.max(blocked, queued));
            case DNS -> Math.max(0, dns);
            case CONNECT -> Math.max(0, connect - Math.max(0, ssl));
            case TLS -> Math.max(0, ssl);
            case SEND -> Math.max(0, send);
            case WAIT -> Math.max(0, waiting);
            case RECEIVE -> Math.max(0, receive);
        };
    }

    /** The phase that took longest. */
    public Phase dominant() {
        Phase best = Phase.WAIT;
        for (Phase p : Phase.values()) {
            if (of(p) > of(best)) {
                best = p;
            }
        }
        return best;
    }

    /** Whether the capture measured none of the phases. */
    public boolean missing() {
        return blocked < 0 && dns < 0 && connect < 0 && send < 0 && waiting < 0 && receive < 0;
    }
}
