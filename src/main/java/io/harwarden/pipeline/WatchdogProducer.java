package io.harwarden.pipeline;

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
    Watchdog watchdog(RetryingProcessor.PipelineConfig config) {
        return new Watchdog(new Watchdog.Budget(config.timeBudget(), config.timeBudgetPerMib()),
                config.slowFileAfter(), Clock.systemUTC());
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
