package io.harwarden.casestore;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How one case system signs and words the change notifications it pushes to HAR Warden. A store that can push offers
 * one ({@link CaseStore#webhook()}); the {@code webhook} package applies the checks every system shares.
 * Header names are given lower-case.
 */
public interface InboundWebhook {

    /** The system's name, the last segment of the endpoint's path ({@code /webhooks/zendesk}). */
    String system();

    /** Whether the shared secret signed this very body (compared in constant time). */
    boolean signed(Map<String, String> headers, byte[] body);

    /**
     * When the sender says it sent the (signed) delivery, where the signature covers a time (a header it signs, or a
     * field of the body); empty when it covers none.
     */
    Optional<Instant> sentAt(Map<String, String> headers, byte[] body);

    /**
     * What the (signed) delivery is about; empty when it cannot be read. {@code id} tells a redelivery from a new
     * event; the case is empty for an event about no case (a test ping, another object).
     */
    Optional<Delivery> read(Map<String, String> headers, byte[] body);

    /** A delivery: its id, unique per event, and the case it says changed. */
    record Delivery(String id, Optional<CaseId> caseId) {
    }
}
