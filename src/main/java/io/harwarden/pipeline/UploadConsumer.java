package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
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
 * and is tried again after {@code harwarden.pipeline.retry-failed-after}. One bad file never stops the others.
 */
@ApplicationScoped
public class UploadConsumer {
    private static final Logger LOG = Logger.getLogger(UploadConsumer.class);

    private final CaseStore store;
    private final RetryingProcessor processor;
    private final StoreScanner scanner;
    private final Emitter<DeadLetter> deadLetters;
    private final PipelineMetrics metrics;
    private final Duration retryFailedAfter;

    UploadConsumer(CaseStore store, RetryingProcessor processor, StoreScanner scanner,
            @Channel("dead-letters-out") Emitter<DeadLetter> deadLetters, PipelineMetrics metrics,
            RetryingProcessor.PipelineConfig config) {
        this.store = store;
        this.processor = processor;
        this.scanner = scanner;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.retryFailedAfter = config.retryFailedAfter();
    }

    @Incoming("uploads-in")
    @Blocking(value = "harwarden-pipeline", ordered = false)
    public void consume(UploadEvent event) {
        try {
            AttachmentRef original = find(event);
            if (original != null) {
                Job job = processor.process(original, event.detectedAt());
                LOG.infof("finished %s on case %s: %s", event.name(), event.caseId(), job.step());
            }
            scanner.done(event);
        } catch (CaseStoreException | IOException | RuntimeException e) {
            giveUp(event, e);
        }
    }

    /** After the retry budget: the file stays where it is and is tried again later; ops hear of it now. */
    private void giveUp(UploadEvent event, Exception e) {
        Instant now = Instant.now();
        Instant retryAt = now.plus(retryFailedAfter);
        scanner.park(event, retryAt);
        metrics.failed();
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        LOG.warnf("could not finish %s on case %s after all retries, trying again at %s: %s", event.name(),
                event.caseId(), retryAt, reason);
        deadLetters.send(new DeadLetter(event.store(), event.caseId(), event.attachmentId(), event.name(),
                event.size(), event.detectedAt(), now, reason, retryAt));
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
