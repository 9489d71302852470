package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.channel.Keyed;
import io.harwarden.detect.Settled;
import io.harwarden.detect.StoreScanner;
import io.harwarden.detect.UploadEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes uploads off the {@code uploads-in} channel and runs the seven steps, several files at a time (a bounded worker
 * pool). Transient failures are retried with backoff by {@link RetryingProcessor}; a file that still fails stays on
 * the case as it is (the safety invariant holds at every step), is reported (log, metric, {@code dead-letters-out})
 * and is tried again after {@code harwarden.pipeline.retry-failed-after}. One bad file never stops the others. What
 * became of each upload also goes out on {@code settled-out}, for the scanner of whichever instance detects.
 */
@ApplicationScoped
public class UploadConsumer {
    private static final Logger LOG = Logger.getLogger(UploadConsumer.class);
    /** A file another instance works on is looked at again after this (it finishes it, or its lease ends). */
    static final Duration HELD_ELSEWHERE_RETRY = Duration.ofSeconds(30);

    private final CaseStore store;
    private final RetryingProcessor processor;
    private final StoreScanner scanner;
    private final Emitter<DeadLetter> deadLetters;
    private final PipelineMetrics metrics;
    private final Duration retryFailedAfter;
    private final JobJournal journal;
    private final String storeKey;
    private final Emitter<Settled> settled;
    private final String instance;

    UploadConsumer(CaseStore store, RetryingProcessor processor, StoreScanner scanner,
            @Channel("dead-letters-out") Emitter<DeadLetter> deadLetters, @Channel("settled-out") Emitter<Settled> settled,
            PipelineMetrics metrics, RetryingProcessor.PipelineConfig config, JobJournal journal, JobLeases leases) {
        this.store = store;
        this.settled = settled;
        this.instance = leases.owner();
        this.journal = journal;
        this.storeKey = store.key();
        this.processor = processor;
        this.scanner = scanner;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.retryFailedAfter = config.retryFailedAfter();
    }

    /**
     * One upload, or one unfinished job of the journal to resume. Whatever happens (a failure, a bug, a file stopped
     * by its time budget), the worker comes back and the scanner hears of it, so no file is held in flight for ever.
     */
    @Incoming("uploads-in")
    @Blocking(value = "harwarden-pipeline", ordered = false)
    public void consume(UploadEvent event) {
        try {
            Job job = event.jobId() != null ? processor.resume(event.jobId()) : process(event);
            if (job != null) {
                LOG.infof("finished %s on case %s: %s", event.name(), event.caseId(), job.step());
            }
            settle(event, null);
        } catch (FileProcessor.HeldElsewhere held) {
            LOG.infof("%s", held.getMessage()); // that process finishes it; if it dies, its lease ends and a scan brings it back
            settle(event, Instant.now().plus(HELD_ELSEWHERE_RETRY));
        } catch (FileProcessor.Stopped stopped) {
            if (stopped.shutdown()) {
                LOG.infof("%s on case %s: interrupted by shutdown, resumes at the next start", event.name(),
                        event.caseId());
            } else {
                giveUp(event, stopped);
            }
        } catch (Exception | Error e) { // an Error too: a file must never stay in flight for ever
            giveUp(event, e);
        }
    }

    private Job process(UploadEvent event) throws CaseStoreException, IOException {
        AttachmentRef original = find(event);
        return original == null ? null : processor.process(original, event.detectedAt());
    }

    /** After the retry budget: the file stays where it is and is tried again later; ops hear of it now. */
    private void giveUp(UploadEvent event, Throwable e) {
        Instant now = Instant.now();
        Instant retryAt = now.plus(retryFailedAfter);
        settle(event, retryAt);
        metrics.failed();
        String reason = e instanceof CaseStoreException || e instanceof IOException || e instanceof FileProcessor.Stopped
                ? String.valueOf(e.getMessage()) : e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                        : ": " + e.getMessage().lines().findFirst().orElse(""));
        LOG.warnf("could not finish %s on case %s after all retries, trying again at %s: %s", event.name(),
                event.caseId(), retryAt, reason);
        deadLetters.send(new DeadLetter(event.store(), event.caseId(), event.attachmentId(), event.name(),
                event.size(), event.detectedAt(), now, reason, retryAt, lastStep(event)));
    }

    /**
     * Tells the scanners: this instance's at once, the others (one of which may be the detector) through the settled
     * channel. A lost message costs at most a duplicate upload event later, which the job's lease turns away.
     */
    private void settle(UploadEvent event, Instant parkedUntil) {
        if (parkedUntil == null) {
            scanner.done(event);
        } else {
            scanner.park(event, parkedUntil);
        }
        try {
            Keyed.send(settled, new Settled(event, parkedUntil, instance), event.caseId()).exceptionally(failure -> {
                LOG.debugf("could not tell the other instances about %s: %s", event.name(), failure.getMessage());
                return null;
            });
        } catch (RuntimeException refused) {
            LOG.debugf("could not tell the other instances about %s: %s", event.name(), refused.getMessage());
        }
    }

    /** The step the file's latest job got to, for the dead letter to say where the file is. */
    private String lastStep(UploadEvent event) {
        try {
            return (event.jobId() != null ? journal.find(event.jobId())
                    : journal.latest(storeKey, new CaseId(event.caseId()), event.attachmentId()))
                    .map(job -> job.step().name()).orElse(null);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private AttachmentRef find(UploadEvent event) throws CaseStoreException {
        for (AttachmentRef a : store.attachments(new CaseId(event.caseId()))) {
            if (a.id().equals(event.attachmentId())) {
                return a;
            }
        }
        return null;
    }
}
