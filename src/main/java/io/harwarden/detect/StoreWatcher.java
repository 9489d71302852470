package io.harwarden.detect;

import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Listens to the store's change notifications, where it has them (the filesystem store's {@code WatchService}), and
 * scans early on each; the periodic scan still runs for the changes no notification reports.
 */
@Startup
@ApplicationScoped
public class StoreWatcher {
    private static final Logger LOG = Logger.getLogger(StoreWatcher.class);
    /** Past the quiet period, so that the settled scan sees the file unchanged for all of it. */
    private static final Duration MARGIN = Duration.ofMillis(100);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "harwarden-early-scan");
        t.setDaemon(true);
        return t;
    });
    private final Optional<Closeable> watch;

    StoreWatcher(CaseStore store, StoreScanner scanner, DetectConfig config) {
        Optional<Closeable> started = Optional.empty();
        if (config.watch()) {
            try {
                started = store.watch(new ScanTrigger(timer, scanner::scan, config.quietPeriod().plus(MARGIN)));
            } catch (CaseStoreException e) {
                LOG.warnf("cannot watch the %s store, relying on the periodic scan: %s", store.type(), e.getMessage());
            }
        }
        this.watch = started;
    }

    @PreDestroy
    void stop() throws IOException {
        timer.shutdownNow();
        if (watch.isPresent()) {
            watch.get().close();
        }
    }
}
