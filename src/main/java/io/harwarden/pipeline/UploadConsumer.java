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
import java.io.UncheckedIOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes uploads off the {@code uploads} channel and runs the seven steps, several files at a time (a bounded worker
 * pool). Transient failures are retried with backoff by {@link RetryingProcessor}; a file that still fails stays on
 * the case as it is (the safety invariant holds at every step) and is picked up again by a later scan.
 */
@ApplicationScoped
public class UploadConsumer {
    private static final Logger LOG = Logger.getLogger(UploadConsumer.class);

    private final CaseStore store;
    private final RetryingProcessor processor;
    private final StoreScanner scanner;

    UploadConsumer(CaseStore store, RetryingProcessor processor, StoreScanner scanner) {
        this.store = store;
        this.processor = processor;
        this.scanner = scanner;
    }

    @Incoming("uploads")
    @Blocking(value = "harwarden-pipeline", ordered = false)
    public void consume(UploadEvent event) {
        try {
            AttachmentRef original = find(event);
            if (original != null) {
                Job job = processor.process(original);
                LOG.infof("finished %s on case %s: %s", event.name(), event.caseId(), job.step());
            }
        } catch (CaseStoreException | IOException | RuntimeException e) {
            LOG.warnf("could not finish %s on case %s, will try again: %s", event.name(), event.caseId(),
                    e.getMessage());
        } finally {
            scanner.done(event);
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
