package io.harwarden.webhook;

import io.harwarden.casestore.CaseStore;
import io.harwarden.detect.CaseHints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Where a case system pushes its change notifications. A delivery is only a hint: once its signature, timestamp and
 * id pass, the case it names is queued for the detector, which reads the case through the store's API as it does
 * when polling; nothing in the body is trusted beyond the case id. The answer is 2xx only once the case is queued, so
 * the sender retries anything lost. No body is ever logged.
 */
@Path("/webhooks")
@ApplicationScoped
@Tag(name = "webhooks", description = "Change notifications from the case system (signed; enqueue only)")
public class WebhookResource {
    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    /** Case systems' event bodies are a few KB; anything past this is not one. */
    static final int MAX_BODY = 1 << 20;

    private final Optional<WebhookGate> gate;
    private final CaseHints hints;
    private final MeterRegistry registry;

    WebhookResource(CaseStore store, CaseHints hints, WebhookConfig config, MeterRegistry registry) {
        this.hints = hints;
        this.registry = registry;
        this.gate = store.webhook().map(hook -> new WebhookGate(hook, config.window(), config.remembered(),
                config.perSecond(), Clock.systemUTC()));
    }

    public record Answer(String status, String error) {
    }

    @POST
    @Path("/{system}")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive one signed change notification from the configured case system (zendesk: the "
            + "X-Zendesk-Webhook-Signature and -Timestamp headers; jira: X-Hub-Signature and the body's timestamp; "
            + "servicenow: X-HarWarden-Webhook-Secret)")
    @APIResponse(responseCode = "202", description = "Signed, fresh and new: the case is queued for detection")
    @APIResponse(responseCode = "400", description = "Not an event of that system")
    @APIResponse(responseCode = "401", description = "Unsigned, wrongly signed, or outside the time window")
    @APIResponse(responseCode = "404", description = "No webhook for that system (another store, or no secret set)")
    @APIResponse(responseCode = "409", description = "A delivery already received (a replay)")
    @APIResponse(responseCode = "413", description = "A body over 1 MiB")
    @APIResponse(responseCode = "429", description = "Too many deliveries; the sender retries")
    @APIResponse(responseCode = "503", description = "The detection queue is full; the sender retries")
    public Response receive(@PathParam("system") String system, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        if (gate.isEmpty() || !gate.get().system().equals(system)) {
            return notConfigured(system);
        }
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            return answer(413, "the body is over " + MAX_BODY + " bytes");
        }
        Map<String, String> named = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                named.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return receive(system, named, bytes);
    }

    /** One delivery whose body was read whole; {@code headers} with lower-case names. */
    Response receive(String system, Map<String, String> headers, byte[] body) {
        if (gate.isEmpty() || !gate.get().system().equals(system)) {
            return notConfigured(system);
        }
        Verdict verdict = gate.get().check(headers, body);
        if (verdict instanceof Verdict.Refused refused) {
            if (refused.status() != 429) { // a flood would flood the log too
                LOG.infof("webhook %s: refused a delivery (%d): %s", system, refused.status(), refused.reason());
            }
            return answer(refused.status(), refused.reason());
        }
        var caseId = ((Verdict.Accepted) verdict).caseId();
        if (caseId.isPresent() && !hints.offer(caseId.get())) {
            return answer(503, "the detection queue is full; send again later");
        }
        count(202);
        return Response.status(202).entity(new Answer("queued", null)).type(MediaType.APPLICATION_JSON).build();
    }

    private Response notConfigured(String system) {
        return answer(404, "no webhook is configured for " + (system.matches("[a-z]{1,20}") ? system
                : "that system"));
    }

    private Response answer(int status, String error) {
        count(status);
        return Response.status(status).entity(new Answer("refused", error)).type(MediaType.APPLICATION_JSON).build();
    }

    /** Deliveries by answer: a flood of 401s is someone guessing, a run of 409s a sender retrying what it sent. */
    private void count(int status) {
        Counter.builder("harwarden.webhook.deliveries")
                .description("Webhook deliveries received, by HAR Warden's answer").tag("system", gate.map(WebhookGate::system).orElse("none")).tag("status", String.valueOf(status))
                .register(registry).increment();
    }
}
