package io.harwarden.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.ForwardingCaseStore;
import io.harwarden.casestore.InboundWebhook;
import io.harwarden.casestore.zendesk.ZendeskWebhook;
import io.harwarden.detect.CaseHints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The endpoint: open without sign-in (the signature is the authentication), 404 where no webhook is configured (the
 * embedded default), listed in the OpenAPI document; and, on a store with Zendesk's webhook, a delivery queues its
 * ticket once and only after every check passed.
 */
@QuarkusTest
class WebhookResourceTest {
    @Inject
    CaseStore store;

    private static final WebhookConfig CONFIG = new WebhookConfig() {
        @Override
        public Duration window() {
            return Duration.ofMinutes(5);
        }

        @Override
        public int remembered() {
            return 100;
        }

        @Override
        public double perSecond() {
            return 20;
        }
    };

    @Test
    void withoutAWebhookConfiguredTheEndpointAnswers404WithoutAskingForASignIn() {
        given().contentType("application/json").body("{}").post("/webhooks/zendesk").then().statusCode(404)
                .body(containsString("no webhook is configured for zendesk"));
        given().contentType("application/json").body("{}").post("/webhooks/%2e%2e").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/webhooks/{system}"));
        given().get("/q/metrics").then().body(containsString(
                "harwarden_webhook_deliveries_total{status=\"404\",system=\"none\"}"));
    }

    @Test
    void aSignedDeliveryQueuesItsTicketOnceAndARefusedOneQueuesNothing() {
        ZendeskWebhook zendesk = new ZendeskWebhook("s3cret-for-the-test", new ObjectMapper());
        CaseStore withWebhook = new ForwardingCaseStore(store) {
            @Override
            public Optional<InboundWebhook> webhook() {
                return Optional.of(zendesk);
            }
        };
        CaseHints hints = new CaseHints();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WebhookResource resource = new WebhookResource(withWebhook, hints, CONFIG, registry);
        byte[] body = WebhookGateTest.event("01HZ-R1", "19395").getBytes(StandardCharsets.UTF_8);
        String now = Instant.now().toString();
        Map<String, String> headers = new HashMap<>(Map.of("x-zendesk-webhook-signature-timestamp", now,
                "x-zendesk-webhook-signature", new String(zendesk.sign(now, body), StandardCharsets.US_ASCII)));

        assertEquals(404, resource.receive("jira", headers, body).getStatus());
        assertEquals(202, resource.receive("zendesk", headers, body).getStatus());
        assertEquals(409, resource.receive("zendesk", headers, body).getStatus());
        headers.put("x-zendesk-webhook-signature", "AAAA");
        assertEquals(401, resource.receive("zendesk", headers, body).getStatus());
        assertEquals(List.of(new CaseId("19395")), hints.drain());
        for (var expected : Map.of("202", 1.0, "409", 1.0, "401", 1.0, "404", 1.0).entrySet()) {
            assertEquals(expected.getValue(), registry.get("harwarden.webhook.deliveries").tag("status",
                    expected.getKey()).counter().count(), expected.getKey());
        }
        assertTrue(hints.drain().isEmpty());
    }
}
