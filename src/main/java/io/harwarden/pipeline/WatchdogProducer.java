package io.harwarden.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The daemon's one {@link Watchdog}, configured from the pipeline settings; at shutdown it stops every file. */
@ApplicationScoped
public class WatchdogProducer {

    @Produces
    @ApplicationScoped
    Watchdog watchdog(RetryingProcessor.PipelineConfig config, MeterRegistry metrics) {
        Watchdog watchdog = new Watchdog(new Watchdog.Budget(config.timeBudget(), config.timeBudgetPerMib()),
                config.slowFileAfter(), Clock.systemUTC());
        Gauge.builder("harwarden.files.in.progress", watchdog, Watchdog::running)
                .description("HAR files being worked on now").register(metrics);
        Gauge.builder("harwarden.files.oldest.in.progress", watchdog, w -> w.oldest().toMillis() / 1000.0)
                .description("Seconds the file worked on longest has been at it (0 when none is)").baseUnit("seconds")
                .register(metrics);
        return watchdog;
    }

    /**
     * Stops every file in progress as soon as shutdown begins, so that the workers come back and the process ends in
     * bounded time; the files resume at the next start.
     */
    void stopFiles(@Observes ShutdownEvent shutdown, Watchdog watchdog) {
        watchdog.stopAll(FileProcessor.SHUTDOWN);
    }

    void close(@Disposes Watchdog watchdog) {
        watchdog.close();
    }
}
