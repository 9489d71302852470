package io.harwarden.detect;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.pipeline.JobJournal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Finds HAR uploads by scanning the store (the case store is the source of truth: a plaintext HAR on a case is work
 * to do). Emits each complete upload once onto the {@code uploads-out} channel, until the pipeline reports it done or
 * parks it after a failure; HAR Warden's own outputs are recognised by the journal, so a customer file named like one
 * is still processed.
 */
@ApplicationScoped
public class StoreScanner {
    private static final Logger LOG = Logger.getLogger(StoreScanner.class);

    /** Uploads sent and not yet finished or parked; beyond this the scanner waits, so the channel never overflows. */
    static final int MAX_IN_FLIGHT = 256;

    private final CaseStore store;
    private final JobJournal journal;
    private final Emitter<UploadEvent> uploads;
    private final Stability<String> stability;
    private final Set<String> emitted = new HashSet<>();
    private final Map<String, Instant> parked = new HashMap<>();
    private final Counter detected;
    private final Clock clock = Clock.systemUTC();

    StoreScanner(CaseStore store, JobJournal journal,
            @Channel("uploads-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * MAX_IN_FLIGHT)
            Emitter<UploadEvent> uploads,
            DetectConfig config, MeterRegistry registry) {
        this.store = store;
        this.journal = journal;
        this.uploads = uploads;
        this.stability = new Stability<>(clock, config.quietPeriod());
        this.detected = Counter.builder("harwarden.files.detected")
                .description("HAR uploads found complete on a case and sent to the pipeline").register(registry);
    }

    @Scheduled(every = "${harwarden.detect.scan-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // not while the channels start or stop
    synchronized void scan() {
        try {
            for (AttachmentRef a : store.changedSince(Instant.EPOCH)) {
                consider(a);
            }
        } catch (CaseStoreException | RuntimeException e) {
            LOG.warnf("scan of the %s store failed, the next one tries again: %s", store.type(), e.getMessage());
        }
    }

    private void consider(AttachmentRef a) {
        String key = key(a.caseId().value(), a.id());
        if (emitted.contains(key) || isParked(key) || journal.isOutput(a)) {
            return;
        }
        if (emitted.size() >= MAX_IN_FLIGHT) {
            return; // the pipeline is busy: the rest waits for a later scan, in memory nowhere
        }
        if (!stability.isComplete(key, a.size(), a.modified()) || !isHar(a)) {
            return;
        }
        Instant firstSeen = stability.firstSeen(key);
        stability.forget(key);
        emitted.add(key);
        detected.increment();
        UploadEvent event = new UploadEvent(store.type(), a.caseId().value(), a.id(), a.name(), a.size(), firstSeen);
        try {
            uploads.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warnf("the uploads channel dropped %s on case %s, will send it again: %s", event.name(),
                            event.caseId(), failure.getMessage());
                    done(event);
                }
            });
        } catch (RuntimeException refused) { // the channel cannot take it now
            emitted.remove(key);
            LOG.warnf("the uploads channel refused %s on case %s, will send it again: %s", event.name(),
                    event.caseId(), refused.getMessage());
        }
    }

    private boolean isParked(String key) {
        Instant until = parked.get(key);
        if (until != null && !clock.instant().isBefore(until)) {
            parked.remove(key);
            return false;
        }
        return until != null;
    }

    /** Called when a file is finished or gone, so that a new upload under the same name is seen again. */
    public synchronized void done(UploadEvent event) {
        emitted.remove(key(event.caseId(), event.attachmentId()));
    }

    /** Called when a file failed after all retries: it is left alone until {@code until}. */
    public synchronized void park(UploadEvent event, Instant until) {
        String key = key(event.caseId(), event.attachmentId());
        parked.put(key, until);
        emitted.remove(key);
    }

    private static String key(String caseId, String attachmentId) {
        return caseId + '/' + attachmentId;
    }

    private boolean isHar(AttachmentRef a) {
        return switch (HarRecognizer.byName(a.name())) {
            case HAR -> true;
            case NOT_HAR -> false;
            case MAYBE -> sniff(a);
        };
    }

    private boolean sniff(AttachmentRef a) {
        try (InputStream in = store.open(a)) {
            return HarRecognizer.looksLikeHar(in);
        } catch (CaseStoreException | IOException e) {
            return false;
        }
    }
}
