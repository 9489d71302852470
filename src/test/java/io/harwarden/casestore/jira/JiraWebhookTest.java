package io.harwarden.casestore.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseId;
import io.harwarden.detect.ManualClock;
import io.harwarden.webhook.Verdict;
import io.harwarden.webhook.WebhookGate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Jira's signed deliveries through the shared gate: the HMAC header, the body's timestamp, the delivery id. */
class JiraWebhookTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T09:06:00Z"));
    private final JiraWebhook jira = new JiraWebhook("jira-secret", new ObjectMapper());
    private final WebhookGate gate = new WebhookGate(jira, Duration.ofMinutes(5), 100, 20, clock);

    private static String event(String type, Instant at, String issue) {
        return "{\"timestamp\":" + at.toEpochMilli() + ",\"webhookEvent\":\"" + type + "\""
                + (issue == null ? "" : ",\"issue\":{\"id\":\"10042\",\"key\":\"" + issue + "\"}") + "}";
    }

    private Verdict check(String body, String id, String signature) {
        Map<String, String> headers = new HashMap<>();
        if (signature != null) {
            headers.put("x-hub-signature", signature);
        }
        if (id != null) {
            headers.put("x-atlassian-webhook-identifier", id);
        }
        return gate.check(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private String signature(String body) {
        return new String(jira.sign(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    private static int status(Verdict v) {
        return v instanceof Verdict.Refused r ? r.status() : 202;
    }

    @Test
    void anIssueUpdateSignedWithTheSecretNamesItsIssueOnce() {
        String body = event("jira:issue_updated", clock.instant(), "SUP-42");
        assertEquals(new Verdict.Accepted(Optional.of(new CaseId("SUP-42"))), check(body, "d-1", signature(body)));
        assertEquals(409, status(check(body, "d-1", signature(body))), "a redelivery of the same id");
        assertEquals(202, status(check(body, "d-1b", signature(body).toUpperCase().replace("SHA256=", "sha256="))),
                "hex in either case");
    }

    @Test
    void unsignedTamperedStaleOrUnreadableDeliveriesAreRefused() {
        String body = event("jira:issue_updated", clock.instant(), "SUP-42");
        assertEquals(401, status(check(body, "d-2", null)));
        assertEquals(401, status(check(body.replace("SUP-42", "SUP-43"), "d-3", signature(body))));
        String old = event("jira:issue_updated", clock.instant().minus(Duration.ofMinutes(6)), "SUP-42");
        assertEquals(401, status(check(old, "d-4", signature(old))));
        String noTime = "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"key\":\"SUP-42\"}}";
        assertEquals(401, status(check(noTime, "d-5", signature(noTime))));
        String notJira = "{\"timestamp\":" + clock.instant().toEpochMilli() + "}";
        assertEquals(400, status(check(notJira, "d-6", signature(notJira))));
    }

    @Test
    void aSenderThatCannotSignMayPresentTheSecretItselfInItsHeaderAndNothingElse() {
        String body = event("jira:issue_updated", clock.instant(), "SUP-42");
        Map<String, String> headers = new HashMap<>(Map.of("x-harwarden-webhook-secret", "jira-secret"));
        assertEquals(202, status(gate.check(headers, body.getBytes(StandardCharsets.UTF_8))));
        assertEquals(409, status(gate.check(headers, body.getBytes(StandardCharsets.UTF_8))), "the same body again");
        headers.put("x-harwarden-webhook-secret", "jira-secreT");
        assertEquals(401, status(gate.check(headers, event("jira:issue_updated", clock.instant(), "SUP-43")
                .getBytes(StandardCharsets.UTF_8))));
        headers.put("x-hub-signature", "sha256=00"); // a signature, when present, is what counts
        headers.put("x-harwarden-webhook-secret", "jira-secret");
        assertEquals(401, status(gate.check(headers, body.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anAttachmentEventWithoutItsIssueIsAcceptedAndLeftToPolling() {
        String body = event("attachment_created", clock.instant(), null);
        assertEquals(new Verdict.Accepted(Optional.empty()), check(body, null, signature(body)));
        String hostile = event("jira:issue_updated", clock.instant(), "../../myself");
        assertEquals(new Verdict.Accepted(Optional.empty()), check(hostile, "d-7", signature(hostile)));
    }
}
