package io.harwarden.casestore.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.InboundWebhook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * A ServiceNow business rule's REST message (an async "after insert" rule on {@code sys_attachment} that posts
 * {@code {"sys_id","table_name","table_sys_id","file_name"}}): ServiceNow cannot sign a body, so the rule sends the
 * shared secret in {@code X-HarWarden-Webhook-Secret}, compared in constant time (TLS protects the body). The
 * attachment's sys_id is the delivery id, so a rule that fires twice for one file queues it once.
 */
public final class ServiceNowWebhook implements InboundWebhook {
    static final String SHARED_SECRET = "x-harwarden-webhook-secret";

    private final byte[] secret;
    private final ObjectMapper json;

    public ServiceNowWebhook(String secret, ObjectMapper json) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    public String system() {
        return "servicenow";
    }

    @Override
    public boolean signed(Map<String, String> headers, byte[] body) {
        String presented = headers.get(SHARED_SECRET);
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<Delivery> read(Map<String, String> headers, byte[] body) {
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (event == null || !event.path("sys_id").asText("").matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        String table = event.path("table_name").asText("");
        String record = event.path("table_sys_id").asText("");
        Optional<CaseId> caseId = table.matches("[a-z][a-z0-9_]{0,79}") && record.matches("[0-9a-f]{32}")
                ? Optional.of(new CaseId(table + ":" + record)) : Optional.empty();
        // the rule's body carries no signed time: replays are caught by the attachment's id alone
        return Optional.of(new Delivery(event.path("sys_id").asText(), caseId, Optional.empty()));
    }
}
