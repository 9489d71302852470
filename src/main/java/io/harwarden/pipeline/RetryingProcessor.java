package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.har.HarSanitizer;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.PgpEncryptor;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.faulttolerance.Retry;

/** The {@link FileProcessor} behind the one retry mechanism: Fault Tolerance, with backoff, for transient faults. */
@ApplicationScoped
public class RetryingProcessor {

    /** Pipeline settings. */
    @ConfigMapping(prefix = "harwarden.pipeline")
    public interface PipelineConfig {
        /** Where spill files (sanitized and encrypted content only, never plaintext) are kept until a file is done. */
        @WithDefault("./data/work")
        String workDir();

        /** Language of case notes: {@code en} or {@code ja}. */
        @WithDefault("en")
        String noteLanguage();

        /** How long a file that failed after all retries waits before it is tried again. */
        @WithDefault("10m")
        Duration retryFailedAfter();

        /** The link in every case note that tells how to request an original (set it to your deployment's URL). */
        @WithDefault("http://localhost:8080/exceptions")
        String exceptionUrl();
    }

    private final FileProcessor processor;

    RetryingProcessor(CaseStore store, HarSanitizer sanitizer, PgpEncryptor encryptor, JobJournal journal,
            PipelineConfig config, PipelineMetrics metrics) throws IOException {
        this.processor = new FileProcessor(store, sanitizer, encryptor, journal, Path.of(config.workDir()),
                Clock.systemUTC(), CaseNotes.Language.valueOf(config.noteLanguage().toUpperCase(java.util.Locale.ROOT)),
                config.exceptionUrl(), metrics);
    }

    @Retry(maxRetries = 5, delay = 500, jitter = 200, retryOn = {CaseStoreException.Transient.class, IOException.class},
            abortOn = {CaseStoreException.Permanent.class, CaseStoreException.Rejected.class,
                    CaseStoreException.NotFound.class})
    @ExponentialBackoff(maxDelay = 30_000)
    public Job process(AttachmentRef original, Instant detectedAt) throws CaseStoreException, IOException {
        return processor.process(original, detectedAt);
    }
}
