package io.harwarden.exception.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.harwarden.exception.ExceptionRequest;
import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One event as a webhook body (Slack's {@code {"text": …}} or the event's own fields) and its signature: HMAC-SHA256
 * of {@code <timestamp>.<body>} under the shared secret, so a receiver can check who sent it and refuse replays.
 */
public final class WebhookMessage {
    private static final JsonFactory JSON = new JsonFactory();

    private WebhookMessage() {
    }

    static String body(String format, AuditEvent event, ExceptionRequest request, AuditRecord record, String link) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (format.equals("slack")) {
                g.writeStringField("text", "HAR Warden: " + record.entry().actor() + " " + phrase(event) + " ("
                        + request.scope().label() + " of " + request.fileName() + ", case " + request.caseId()
                        + "): " + link);
            } else {
                g.writeStringField("event", event.label());
                g.writeStringField("request", request.id());
                g.writeStringField("case", request.caseId());
                g.writeStringField("file", request.fileName());
                g.writeStringField("scope", request.scope().label());
                g.writeStringField("actor", record.entry().actor());
                g.writeStringField("requester", request.requester());
                g.writeStringField("state", request.state().name().toLowerCase(Locale.ROOT));
                g.writeStringField("at", record.at().toString());
                g.writeNumberField("auditRecord", record.seq());
                g.writeStringField("link", link);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String phrase(AuditEvent event) {
        return switch (event) {
            case REQUESTED -> "asked for an original";
            case APPROVED -> "approved a request";
            case DENIED -> "denied a request";
            case RELEASED -> "downloaded a release";
            case REPLAY_ATTEMPT -> "tried to download a release a second time";
            case EXPIRED -> "saw a request expire";
            case REFUSED -> "was refused";
        };
    }

    /** {@code sha256=<hex>} of {@code timestamp + "." + body}. */
    public static String signature(byte[] secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
