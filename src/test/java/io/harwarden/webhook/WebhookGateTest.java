package io.harwarden.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.zendesk.ZendeskWebhook;
import io.harwarden.detect.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks every delivery passes, on Zendesk's real signing scheme, with a clock the test moves. */
class WebhookGateTest {
    private static final String SECRET = "dGhlLXdlYmhvb2stc2lnbmluZy1zZWNyZXQ";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T09:06:00Z"));
    private final ZendeskWebhook zendesk = new ZendeskWebhook(SECRET, new ObjectMapper());

    private WebhookGate gate(double perSecond) {
        return new WebhookGate(zendesk, Duration.ofMinutes(5), 1000, perSecond, clock);
    }

    static String event(String id, String ticket) {
        return "{\"type\":\"zen:event-type:ticket.attachment_linked_to_comment\",\"account_id\":8405679,\"id\":\""
                + id + "\",\"time\":\"2026-11-30T09:05:59.69Z\",\"zendesk_event_version\":\"2022-11-06\","
                + "\"subject\":\"zen:ticket:" + ticket + "\",\"detail\":{\"id\":\"" + ticket + "\"},\"event\":"
                + "{\"comment\":{\"id\":\"5001\",\"attachment\":{\"id\":\"7001\",\"filename\":\"capture.har\"}}}}";
    }

    private Map<String, String> signed(String timestamp, String body) {
        return Map.of("x-zendesk-webhook-signature", new String(zendesk.sign(timestamp, body.getBytes(
                StandardCharsets.UTF_8)), StandardCharsets.US_ASCII), "x-zendesk-webhook-signature-timestamp",
                timestamp, "content-type", "application/json");
    }

    private static Verdict check(WebhookGate gate, Map<String, String> headers, String body) {
        return gate.check(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int status(Verdict verdict) {
        return verdict instanceof Verdict.Refused refused ? refused.status() : 202;
    }

    @Test
    void aSignedFreshNewDeliveryNamesItsTicket() {
        String body = event("01HZ-1", "19395");
        assertEquals(new Verdict.Accepted(Optional.of(new CaseId("19395"))),
                check(gate(20), signed("2026-11-30T09:06:00Z", body), body));
    }

    @Test
    void unsignedWronglySignedOrAlteredDeliveriesAreRefused() {
        String body = event("01HZ-2", "19395");
        WebhookGate gate = gate(20);
        assertEquals(401, status(check(gate, Map.of(), body)));
        assertEquals(401, status(check(gate, Map.of("x-zendesk-webhook-signature-timestamp",
                "2026-11-30T09:06:00Z"), body)));
        Map<String, String> headers = signed("2026-11-30T09:06:00Z", body);
        assertEquals(401, status(check(gate, headers, body.replace("19395", "19396")))); // body altered
        assertEquals(401, status(check(gate, Map.of("x-zendesk-webhook-signature", headers.get(
                "x-zendesk-webhook-signature"), "x-zendesk-webhook-signature-timestamp", "2026-11-30T09:06:01Z"),
                body))); // timestamp altered
        WebhookGate other = new WebhookGate(new ZendeskWebhook("another-secret", new ObjectMapper()),
                Duration.ofMinutes(5), 10, 20, clock);
        assertEquals(401, status(check(other, headers, body)));
    }

    @Test
    void aDeliveryOutsideTheWindowEitherWayIsRefusedAndAnUnreadableTimestampToo() {
        WebhookGate gate = gate(20);
        String old = event("01HZ-3", "19395");
        assertEquals(401, status(check(gate, signed("2026-11-30T09:00:59Z", old), old)));
        String ahead = event("01HZ-4", "19395");
        assertEquals(401, status(check(gate, signed("2026-11-30T09:11:01Z", ahead), ahead)));
        String odd = event("01HZ-5", "19395");
        assertEquals(401, status(check(gate, signed("Mon, 30 Nov 2026 09:06:00 GMT", odd), odd)));
        String inside = event("01HZ-6", "19395");
        assertEquals(202, status(check(gate, signed("2026-11-30T09:01:01Z", inside), inside)));
    }

    @Test
    void aReplayedDeliveryIsRefusedWhileItsSignatureCouldStillPass() {
        WebhookGate gate = gate(20);
        String body = event("01HZ-7", "19395");
        Map<String, String> headers = signed("2026-11-30T09:06:00Z", body);
        assertEquals(202, status(check(gate, headers, body)));
        assertEquals(409, status(check(gate, headers, body)));
        clock.advance(Duration.ofMinutes(4));
        assertEquals(409, status(check(gate, headers, body)));
        clock.advance(Duration.ofMinutes(2)); // outside the window now: refused for that, whatever the cache holds
        assertEquals(401, status(check(gate, headers, body)));
    }

    @Test
    void aFloodIsCutByTheRateLimitBeforeAnySignatureIsComputed() {
        WebhookGate gate = gate(1); // five at once, then one a second
        for (int i = 0; i < 5; i++) {
            assertEquals(401, status(check(gate, Map.of(), "{}")));
        }
        assertEquals(429, status(check(gate, Map.of(), "{}")));
        clock.advance(Duration.ofSeconds(1));
        String body = event("01HZ-8", "19395");
        assertEquals(202, status(check(gate, signed("2026-11-30T09:06:01Z", body), body)));
    }

    @Test
    void aSignedBodyThatIsNoEventIsRefusedAndOneAboutNoTicketIsAcceptedWithNothingToDo() {
        WebhookGate gate = gate(20);
        assertEquals(400, status(check(gate, signed("2026-11-30T09:06:00Z", "[1,2]"), "[1,2]")));
        assertEquals(400, status(check(gate, signed("2026-11-30T09:06:00Z", "not json"), "not json")));
        String user = "{\"id\":\"01HZ-9\",\"type\":\"zen:event-type:user.created\",\"subject\":\"zen:user:42\"}";
        assertEquals(new Verdict.Accepted(Optional.empty()), check(gate, signed("2026-11-30T09:06:00Z", user),
                user));
        String trigger = "{\"ticket_id\":\"19395\",\"latest\":\"{{ticket.latest_comment}}\"}"; // a trigger's body
        assertEquals(new Verdict.Accepted(Optional.of(new CaseId("19395"))),
                check(gate, signed("2026-11-30T09:06:00Z", trigger), trigger));
        String hostile = "{\"id\":\"01HZ-10\",\"subject\":\"zen:ticket:../../users\"}";
        assertEquals(new Verdict.Accepted(Optional.empty()), check(gate, signed("2026-11-30T09:06:00Z", hostile),
                hostile));
    }
}
