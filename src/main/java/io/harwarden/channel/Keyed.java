package io.harwarden.channel;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Sends with a key: on Kafka the record's key (so one case's uploads land on one partition, handled by one replica at
 * a time); the loopback connector ignores it.
 */
public final class Keyed {
    private Keyed() {
    }

    /** Sends {@code payload} under {@code key}; the stage completes when the channel took it, or fails when it dropped it. */
    public static <T> CompletionStage<Void> send(Emitter<T> emitter, T payload, String key) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        emitter.send(Message.of(payload, Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()),
                () -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return sent;
    }
}
