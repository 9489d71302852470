package io.harwarden.pipeline;

import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.detect.StoreScanner;
import io.harwarden.pgp.PgpEncryptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the case store answers, there are recipient keys to encrypt originals to, and the pipeline moves: not
 * when every worker is held past its file's time budget, nor when a file sent to the pipeline has waited longer than
 * {@code harwarden.pipeline.stall-after}. The reason says which.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    private final CaseStore store;
    private final PgpEncryptor encryptor;
    private final Watchdog watchdog;
    private final Supplier<Optional<Instant>> oldestInFlight;
    private final int workers;
    private final Duration stallAfter;
    private final Clock clock;

    @Inject
    ReadinessCheck(CaseStore store, PgpEncryptor encryptor, Watchdog watchdog, StoreScanner scanner,
            RetryingProcessor.PipelineConfig config,
            @ConfigProperty(name = "smallrye.messaging.worker.harwarden-pipeline.max-concurrency", defaultValue = "4")
            int workers) {
        this(store, encryptor, watchdog, scanner::oldestInFlight, workers, config.stallAfter(), Clock.systemUTC());
    }

    /** @param oldestInFlight when the longest-waiting file was sent to the pipeline, if one is waiting */
    ReadinessCheck(CaseStore store, PgpEncryptor encryptor, Watchdog watchdog,
            Supplier<Optional<Instant>> oldestInFlight, int workers, Duration stallAfter, Clock clock) {
        this.store = store;
        this.encryptor = encryptor;
        this.watchdog = watchdog;
        this.oldestInFlight = oldestInFlight;
        this.workers = workers;
        this.stallAfter = stallAfter;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("harwarden").withData("store", store.type())
                .withData("recipients", encryptor.recipients().size())
                .withData("files-in-progress", watchdog.running());
        Optional<String> stalled = stalled();
        if (stalled.isPresent()) {
            return response.down().withData("reason", stalled.get()).build();
        }
        try {
            store.changedSince(clock.instant());
            return response.up().build();
        } catch (CaseStoreException e) {
            return response.down().withData("reason", e.getMessage()).build();
        }
    }

    private Optional<String> stalled() {
        int held = watchdog.overBudget();
        if (held >= workers) {
            return Optional.of("the pipeline is stalled: all " + workers + " workers are held past their files' time "
                    + "budgets");
        }
        Optional<Instant> oldest = oldestInFlight.get();
        if (oldest.isPresent() && oldest.get().plus(stallAfter).isBefore(clock.instant())) {
            return Optional.of("the pipeline is stalled: a file sent to it " + Duration.between(oldest.get(),
                    clock.instant()).toMinutes() + " minutes ago has not come back (stall-after " + stallAfter + ")");
        }
        return Optional.empty();
    }
}
