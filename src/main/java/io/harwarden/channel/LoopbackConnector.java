package io.harwarden.channel;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.smallrye.reactive.messaging.providers.helpers.MultiUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/**
 * The in-JVM transport under HAR Warden's channels: what an outgoing channel sends to a {@code topic} arrives on the
 * incoming channel configured with the same topic. A channel name cannot be both incoming and outgoing in SmallRye
 * (SRMSG00073), so each flow has an {@code -out} and an {@code -in} channel joined here; putting Kafka under them is
 * then a matter of configuration ({@code connector=smallrye-kafka}), with no code change.
 */
@ApplicationScoped
@Connector(LoopbackConnector.NAME)
public class LoopbackConnector implements InboundConnector, OutboundConnector {
    public static final String NAME = "loopback";

    private final Map<String, UnicastProcessor<Message<?>>> topics = new ConcurrentHashMap<>();

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        return topic(config);
    }

    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        UnicastProcessor<Message<?>> topic = topic(config);
        return MultiUtils.via(messages -> messages.call(message -> {
            // the receiver gets a message of its own: the sender's is acknowledged once handed over
            topic.onNext(Message.of(message.getPayload(), message.getMetadata()));
            return Uni.createFrom().completionStage(message.ack());
        }));
    }

    /** One queue per topic, between one sender and one receiver; it holds what was sent before the receiver started. */
    private UnicastProcessor<Message<?>> topic(Config config) {
        String name = config.getOptionalValue("topic", String.class)
                .orElseGet(() -> config.getValue("channel-name", String.class));
        return topics.computeIfAbsent(name, n -> UnicastProcessor.create());
    }
}
