package io.harwarden.casestore.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.InboundWebhook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zendesk's webhook deliveries: signed with {@code X-Zendesk-Webhook-Signature}, the base64 HMAC-SHA256 of the
 * {@code X-Zendesk-Webhook-Signature-Timestamp} header's value followed by the raw body, under the webhook's signing
 * secret. Event webhooks ({@code zen:event-type:ticket.attachment_linked_to_comment} and the other ticket events) name
 * the ticket in {@code subject} ({@code zen:ticket:19395}) and carry an event id; a trigger's webhook carries the
 * body its admin wrote, read here for {@code ticket_id} or {@code ticket.id}, and is told apart by its signature.
 */
public final class ZendeskWebhook implements InboundWebhook {
    static final String SIGNATURE = "x-zendesk-webhook-signature";
    static final String TIMESTAMP = "x-zendesk-webhook-signature-timestamp";
    private static final Pattern TICKET_SUBJECT = Pattern.compile("zen:ticket:([1-9][0-9]{0,18})");
    private static final Pattern TICKET_NUMBER = Pattern.compile("[1-9][0-9]{0,18}");

    private final byte[] secret;
    private final ObjectMapper json;

    public ZendeskWebhook(String secret, ObjectMapper json) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    public String system() {
        return "zendesk";
    }

    @Override
    public boolean signed(Map<String, String> headers, byte[] body) {
        String signature = headers.get(SIGNATURE);
        String timestamp = headers.get(TIMESTAMP);
        if (signature == null || timestamp == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(timestamp, body), signature.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** The signature Zendesk sends for this timestamp and body (base64 bytes). */
    public byte[] sign(String timestamp, byte[] body) {
        return Base64.getEncoder().encode(InboundWebhook.hmacSha256(secret, timestamp.getBytes(
                StandardCharsets.UTF_8), body));
    }

    @Override
    public Optional<Delivery> read(Map<String, String> headers, byte[] body) {
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (event == null || !event.isObject()) {
            return Optional.empty();
        }
        String id = event.path("id").asText("");
        if (id.isEmpty() || id.length() > 200) {
            id = "signature:" + headers.get(SIGNATURE); // a trigger's body has no id: its signature is unique
        }
        return Optional.of(new Delivery(id, ticket(event), Optional.of(sentAt(headers))));
    }

    /**
     * The signed timestamp, an ISO-8601 instant ([belief]: Zendesk's documentation shows the header, not its format
     * in words). One that does not parse reads as the epoch, so the delivery is refused as stale, loudly.
     */
    private static Instant sentAt(Map<String, String> headers) {
        String timestamp = headers.get(TIMESTAMP);
        try {
            return timestamp == null ? Instant.EPOCH : Instant.parse(timestamp.strip());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Optional<CaseId> ticket(JsonNode event) {
        Matcher subject = TICKET_SUBJECT.matcher(event.path("subject").asText(""));
        if (subject.matches()) {
            return Optional.of(new CaseId(subject.group(1)));
        }
        for (JsonNode candidate : new JsonNode[] {event.path("ticket_id"), event.path("ticket").path("id")}) {
            String text = candidate.asText("");
            if (TICKET_NUMBER.matcher(text).matches()) {
                return Optional.of(new CaseId(text));
            }
        }
        return Optional.empty();
    }
}
