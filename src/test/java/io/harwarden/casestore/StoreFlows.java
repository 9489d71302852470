package io.harwarden.casestore;

import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.RecipientKeys;
import io.harwarden.pipeline.FileProcessor;
import io.harwarden.pipeline.Job;
import io.harwarden.pipeline.JobJournal;
import io.harwarden.pipeline.JobLeases;
import io.harwarden.pipeline.PipelineEvents;
import io.harwarden.pipeline.Watchdog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** What the whole-flow suites of the case stores share: the real pipeline on a store, and its retries. */
public final class StoreFlows {
    private StoreFlows() {
    }

    /** The seven steps on {@code store}: the real sanitizer, the encryptor with the demo key, the journal. */
    public static FileProcessor processor(CaseStore store, JobJournal journal, Path work) throws Exception {
        return new FileProcessor(store, new HarSanitizer(SanitizerPolicy.defaults()),
                new PgpEncryptor(RecipientKeys.load(Path.of("keys-example/demo-public.asc")),
                        EncryptionOptions.DEFAULT),
                journal, JobLeases.UNSHARED, work, Clock.systemUTC(), CaseNotes.Language.EN,
                "https://example.com/request", PipelineEvents.NONE, new Watchdog(new Watchdog.Budget(
                        Duration.ofMinutes(2), Duration.ofMillis(500)), Duration.ofMinutes(1), Clock.systemUTC()));
    }

    /** A job and the transient failures it took, attempt by attempt, to finish. */
    public record Retried(Job job, int transients) {
    }

    /** Runs the file again after each transient failure, as the one retry mechanism does. */
    public static Retried untilDone(FileProcessor processor, AttachmentRef original) throws Exception {
        for (int transients = 0; transients < 20; transients++) {
            try {
                return new Retried(processor.process(original), transients);
            } catch (CaseStoreException.Transient e) {
                // the next attempt
            }
        }
        throw new AssertionError("still failing after 20 attempts");
    }

    /** The capture every flow processes: secrets in every place, values that must be kept. */
    public static byte[] probe() throws IOException {
        try (InputStream in = StoreFlows.class.getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            return in.readAllBytes();
        }
    }
}
