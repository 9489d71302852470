package io.harwarden.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The checks on deliveries to {@code /webhooks/{system}} (the signing secret is the store's setting). */
@ConfigMapping(prefix = "harwarden.webhook")
public interface WebhookConfig {
    /** How far a delivery's signed timestamp may be from HAR Warden's clock, either way. */
    @WithDefault("5m")
    Duration window();

    /** How many delivery ids are remembered to refuse a replay (they are kept for twice the window). */
    @WithDefault("20000")
    int remembered();

    /** Deliveries accepted per second on average (five seconds' worth at once); more are answered 429. */
    @WithDefault("20")
    double perSecond();
}
