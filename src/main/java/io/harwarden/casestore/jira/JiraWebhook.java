package io.harwarden.casestore.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.InboundWebhook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Jira's admin webhooks with a secret: {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>} ([code]/
 * [belief]: the header Atlassian documents for webhooks registered with a secret). The time is the body's
 * {@code timestamp} (epoch milliseconds, signed with it); the delivery id Jira's {@code X-Atlassian-Webhook-Identifier}
 * header ([belief]; a redelivery keeps it), else the signature. The case is {@code issue.key}: {@code
 * jira:issue_updated} and {@code comment_created} carry it; {@code attachment_created} does not, and is left to
 * polling.
 */
public final class JiraWebhook implements InboundWebhook {
    static final String SIGNATURE = "x-hub-signature";
    static final String IDENTIFIER = "x-atlassian-webhook-identifier";
    /** For senders that cannot sign (a Jira Automation "Send web request" rule): the secret itself, over TLS. */
    static final String SHARED_SECRET = "x-harwarden-webhook-secret";
    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}");

    private final byte[] secret;
    private final ObjectMapper json;

    public JiraWebhook(String secret, ObjectMapper json) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    public String system() {
        return "jira";
    }

    /**
     * The HMAC of the body when the delivery carries one; otherwise the secret itself in
     * {@code X-HarWarden-Webhook-Secret}, compared in constant time (it proves the sender, not the body: TLS does).
     */
    @Override
    public boolean signed(Map<String, String> headers, byte[] body) {
        String signature = headers.get(SIGNATURE);
        if (signature != null) {
            return MessageDigest.isEqual(sign(body), signature.strip().toLowerCase(java.util.Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        String shared = headers.get(SHARED_SECRET);
        return shared != null && MessageDigest.isEqual(secret, shared.getBytes(StandardCharsets.UTF_8));
    }

    /** The header value Jira sends for this body. */
    public byte[] sign(byte[] body) {
        return ("sha256=" + HexFormat.of().formatHex(InboundWebhook.hmacSha256(secret, body)))
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Optional<Delivery> read(Map<String, String> headers, byte[] body) {
        JsonNode event = parse(body);
        if (event == null || !event.isObject() || !event.has("webhookEvent")) {
            return Optional.empty();
        }
        String id = headers.getOrDefault(IDENTIFIER, "");
        if (id.isEmpty() || id.length() > 200) {
            id = headers.containsKey(SIGNATURE) ? "signature:" + headers.get(SIGNATURE) : "body:" + sha256(body);
        }
        String key = event.path("issue").path("key").asText("");
        // the body's signed timestamp; a body without one reads as the epoch, so it is refused as stale
        Instant sent = Instant.ofEpochMilli(event.path("timestamp").asLong(0));
        return Optional.of(new Delivery(id, ISSUE_KEY.matcher(key).matches() ? Optional.of(new CaseId(key))
                : Optional.empty(), Optional.of(sent)));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
