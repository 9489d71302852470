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
     * What the (signed) delivery is about; empty when it cannot be read. {@code id} tells a redelivery from a new
     * event; the case is empty for an event about no case (a test ping, another object).
     */
    Optional<Delivery> read(Map<String, String> headers, byte[] body);

    /** HMAC-SHA256 of {@code parts} in order under {@code secret}: what the systems that sign their bodies compute. */
    static byte[] hmacSha256(byte[] secret, byte[]... parts) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A delivery: its id, unique per event, the case it says changed, and when the sender says it sent it, where the
     * signature covers a time (a header it signs, or a field of the body); empty when it covers none.
     */
    record Delivery(String id, Optional<CaseId> caseId, Optional<Instant> sentAt) {
    }
}
