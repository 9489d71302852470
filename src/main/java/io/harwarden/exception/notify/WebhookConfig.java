package io.harwarden.exception.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The outgoing webhook that tells people about exception requests (who, what, which case and a link; no content). */
@ConfigMapping(prefix = "harwarden.exceptions.webhook")
public interface WebhookConfig {
    /** Where to POST each event; none by default (no webhook). */
    Optional<URI> url();

    /** {@code slack} (a {@code text} message Slack and compatible chats show) or {@code json} (the event's fields). */
    @WithDefault("json")
    String format();

    /** The HMAC-SHA256 key for the {@code X-HarWarden-Signature} header (or HARWARDEN_EXCEPTIONS_WEBHOOK_SECRET). */
    Optional<String> secret();

    /** A file holding that key (a mounted secret), used when {@code secret} is not set. */
    Optional<Path> secretFile();

    /** How long one call may take. */
    @WithDefault("10s")
    Duration timeout();

    /** The base of the links in messages, e.g. https://harwarden.example.com (the request's page). */
    @WithDefault("http://localhost:8080")
    String linkBase();
}
