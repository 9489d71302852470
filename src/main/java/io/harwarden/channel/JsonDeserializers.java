package io.harwarden.channel;

import io.harwarden.detect.Settled;
import io.harwarden.detect.UploadEvent;
import io.harwarden.pipeline.DeadLetter;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/**
 * The Kafka value deserializers of HAR Warden's channels (named in the kafka profile's configuration; values are
 * written as JSON by {@code ObjectMapperSerializer}). Each event holds plain values, never file content.
 */
public final class JsonDeserializers {
    private JsonDeserializers() {
    }

    /** For {@code uploads-in}. */
    public static final class Uploads extends ObjectMapperDeserializer<UploadEvent> {
        public Uploads() {
            super(UploadEvent.class);
        }
    }

    /** For {@code dead-letters-in}. */
    public static final class DeadLetters extends ObjectMapperDeserializer<DeadLetter> {
        public DeadLetters() {
            super(DeadLetter.class);
        }
    }

    /** For {@code settled-in}. */
    public static final class Settlements extends ObjectMapperDeserializer<Settled> {
        public Settlements() {
            super(Settled.class);
        }
    }
}
