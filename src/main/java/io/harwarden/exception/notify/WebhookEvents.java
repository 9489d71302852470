package io.harwarden.exception.notify;

import io.harwarden.exception.ExceptionEvents;
import io.harwarden.exception.ExceptionRequest;
import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Tells the configured webhook about new requests, decisions, releases and replay attempts: who, what, which case
 * and a link, signed; never content. A receiver that stays down is logged once per event; the workflow never waits.
 */
public final class WebhookEvents implements ExceptionEvents {
    private static final Logger LOG = Logger.getLogger(WebhookEvents.class);
    private static final Set<AuditEvent> TOLD = EnumSet.of(AuditEvent.REQUESTED, AuditEvent.APPROVED,
            AuditEvent.DENIED, AuditEvent.RELEASED, AuditEvent.REPLAY_ATTEMPT);

    private final WebhookConfig config;
    private final WebhookSender sender;
    private final URI url;
    private final byte[] secret;
    private final String format;
    private final Clock clock;

    WebhookEvents(WebhookConfig config, WebhookSender sender, URI url, byte[] secret, Clock clock) {
        this.config = config;
        this.sender = sender;
        this.url = url;
        this.secret = secret;
        this.format = config.format().toLowerCase(Locale.ROOT);
        this.clock = clock;
    }

    /** The webhook's events, or empty when no URL is configured; a URL without a secret stops the start. */
    public static Optional<ExceptionEvents> of(WebhookConfig config, WebhookSender sender) {
        if (config.url().isEmpty()) {
            return Optional.empty();
        }
        if (!config.format().equalsIgnoreCase("slack") && !config.format().equalsIgnoreCase("json")) {
            throw new IllegalArgumentException("harwarden.exceptions.webhook.format: slack or json");
        }
        String secret = config.secret().orElseGet(() -> config.secretFile().map(file -> {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("harwarden.exceptions.webhook.secret-file: cannot read " + file);
            }
        }).orElse(""));
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("harwarden.exceptions.webhook.secret (or secret-file) is required with "
                    + "a webhook url: receivers check the signature");
        }
        return Optional.of(new WebhookEvents(config, sender, config.url().get(),
                secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC()));
    }

    @Override
    public void happened(AuditEvent event, ExceptionRequest request, AuditRecord record) {
        if (!TOLD.contains(event)) {
            return;
        }
        String link = config.linkBase().replaceAll("/+$", "") + "/api/exceptions/" + request.id();
        String body = WebhookMessage.body(format, event, request, record, link);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of("X-HarWarden-Timestamp", Long.toString(timestamp),
                "X-HarWarden-Signature", WebhookMessage.signature(secret, timestamp, body),
                "X-HarWarden-Event", event.label());
        try {
            sender.send(url, body, headers, config.timeout()).whenComplete((status, failure) -> {
                if (failure != null) {
                    LOG.warnf("the webhook was not told of %s of exception request %s: %s", event.label(),
                            request.id(), reason(failure));
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the webhook was not told of %s of exception request %s: %s", event.label(), request.id(),
                    reason(e));
        }
    }

    /** One line for the log: the cause under the future's wrapping, named by its type when it has no message. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.lines().findFirst()
                .orElse("");
    }
}
