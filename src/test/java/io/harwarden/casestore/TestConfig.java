package io.harwarden.casestore;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** A config mapping built from properties as an operator writes them, without starting Quarkus. */
public final class TestConfig {
    private TestConfig() {
    }

    /** The configuration with {@code mappings} registered, Quarkus's duration and size forms understood. */
    public static SmallRyeConfig of(Map<String, String> properties, Class<?>... mappings) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's forms: 60s, 7d
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500));
        for (Class<?> mapping : mappings) {
            builder.withMapping(mapping);
        }
        return builder.build();
    }

    /** One mapping from {@code properties}; the mapping's defaults fill the rest. */
    public static <T> T mapping(Class<T> type, Map<String, String> properties) {
        return of(properties, type).getConfigMapping(type);
    }
}
