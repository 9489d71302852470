package io.harwarden.webhook;

import io.harwarden.casestore.InboundWebhook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks every inbound webhook passes, in the order that spends least on a flood: a rate limit, the signature
 * over the raw body, then (the body read once) the sender's timestamp inside a window and the delivery id against the
 * ones seen within twice that window (a captured delivery sent again is refused; the window bounds how long ids are kept). Framework-free and
 * thread-safe; one per system.
 */
public final class WebhookGate {
    private final InboundWebhook hook;
    private final Duration window;
    private final int maxRemembered;
    private final double perSecond;
    private final double burst;
    private final Clock clock;
    /** Delivery ids seen, oldest first, with when they were seen. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();
    private double tokens;
    private Instant refilled;

    /**
     * @param window how far the sender's timestamp may be from now, either way
     * @param maxRemembered how many delivery ids are kept at most (the oldest go first)
     * @param perSecond deliveries accepted per second on average; {@code 5 × perSecond} at once
     */
    public WebhookGate(InboundWebhook hook, Duration window, int maxRemembered, double perSecond, Clock clock) {
        this.hook = hook;
        this.window = window;
        this.maxRemembered = maxRemembered;
        this.perSecond = perSecond;
        this.burst = Math.max(1, perSecond * 5);
        this.clock = clock;
        this.tokens = burst;
        this.refilled = clock.instant();
    }

    public String system() {
        return hook.system();
    }

    /** Checks one delivery; {@code headers} with lower-case names. */
    public Verdict check(Map<String, String> headers, byte[] body) {
        Instant now = clock.instant();
        if (!take(now)) {
            return new Verdict.Refused(429, "too many deliveries; send again later");
        }
        if (!hook.signed(headers, body)) {
            return new Verdict.Refused(401, "the signature is missing or does not match the shared secret");
        }
        var delivery = hook.read(headers, body).orElse(null);
        if (delivery == null) {
            return new Verdict.Refused(400, "the body is not a " + hook.system() + " event");
        }
        Instant sent = delivery.sentAt().orElse(null);
        if (sent != null && Duration.between(sent, now).abs().compareTo(window) > 0) {
            return new Verdict.Refused(401, "the signature's timestamp is outside the accepted window of "
                    + window.toSeconds() + " s");
        }
        if (!remember(delivery.id(), now)) {
            return new Verdict.Refused(409, "this delivery was received already");
        }
        return new Verdict.Accepted(delivery.caseId());
    }

    /** A token from the bucket, refilled at {@code perSecond}. */
    private synchronized boolean take(Instant now) {
        double elapsed = Duration.between(refilled, now).toNanos() / 1e9;
        tokens = Math.min(burst, tokens + Math.max(0, elapsed) * perSecond);
        refilled = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    /** False when the id was seen within twice the window (the longest a replay could still pass the timestamp). */
    private synchronized boolean remember(String id, Instant now) {
        Instant horizon = now.minus(window.multipliedBy(2));
        var oldest = seen.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Instant> e = oldest.next();
            if (!e.getValue().isBefore(horizon) && seen.size() < maxRemembered) {
                break;
            }
            oldest.remove();
        }
        if (seen.containsKey(id)) {
            return false;
        }
        seen.put(id, now);
        return true;
    }
}
