package io.harwarden.detect;

import java.time.Instant;

/**
 * What became of an upload the pipeline took, as every instance's scanner hears it on the {@code settled} channels:
 * the instance that detects uploads may not be the one that processed it (with Kafka, any replica takes any upload).
 *
 * @param event the upload as it was sent
 * @param parkedUntil when a file given up after its retries is tried again, or null when it is done (or gone)
 * @param instance the instance that processed it (its own scanner heard at once)
 */
public record Settled(UploadEvent event, Instant parkedUntil, String instance) {
}
