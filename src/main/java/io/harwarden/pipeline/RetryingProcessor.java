package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.files.FileNames;
import io.harwarden.har.HarSanitizer;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.triage.Triage;
import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * The {@link FileProcessor} behind the one retry mechanism: Fault Tolerance, with backoff, for transient faults. A
 * file stopped by its time budget is not retried here (it would hold its worker for several budgets): it goes back to
 * the scanner and is tried again after {@code retry-failed-after}. Created at start, when it clears the work folder
 * of what a killed process left there.
 */
@Startup
@ApplicationScoped
public class RetryingProcessor {
    private static final Logger LOG = Logger.getLogger(RetryingProcessor.class);

    /** Pipeline settings. */
    @ConfigMapping(prefix = "harwarden.pipeline")
    public interface PipelineConfig {
        /**
         * This process among those sharing the journal, for job leases (default: the host name). A restart under the
         * same name takes its own leases back at once; give each process on one host a name of its own.
         */
        java.util.Optional<String> instance();

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

        /** The time every attempt at a file may take whatever its size; past its budget a file is stopped. */
        @WithDefault("2m")
        Duration timeBudget();

        /** The time an attempt may take in addition for every MiB of the file. */
        @WithDefault("500ms")
        Duration timeBudgetPerMib();

        /** A file still in progress after this is logged once, in one line. */
        @WithDefault("60s")
        Duration slowFileAfter();

        /** Readiness reports the pipeline stalled when a file sent to it has not come back after this long. */
        @WithDefault("30m")
        Duration stallAfter();
    }

    private final FileProcessor processor;

    RetryingProcessor(CaseStore store, HarSanitizer sanitizer, PgpEncryptor encryptor, JobJournal journal,
            JobLeases leases, PipelineConfig config, PipelineMetrics metrics, Watchdog watchdog, TriageConfig triage)
            throws IOException {
        this.processor = new FileProcessor(store, sanitizer, encryptor, journal, leases, FileNames.of(config.workDir()),
                Clock.systemUTC(), CaseNotes.Language.valueOf(config.noteLanguage().toUpperCase(java.util.Locale.ROOT)),
                config.exceptionUrl(), metrics, watchdog, triage.enabled() ? new Triage(new Triage.Options(
                        triage.trackingHeaders().orElse(List.of()), triage.searchUrl().orElse(null), 50, 10),
                        sanitizer::sanitizeText) : null).withWaterfall(triage.enabled() && triage.waterfall());
        int removed = processor.removeOrphans();
        if (removed > 0) {
            LOG.infof("removed %d files a stopped process left in the work folder %s", removed, config.workDir());
        }
    }

    @Retry(maxRetries = 5, delay = 500, jitter = 200, retryOn = {CaseStoreException.Transient.class, IOException.class},
            abortOn = {CaseStoreException.Permanent.class, CaseStoreException.Rejected.class,
                    CaseStoreException.NotFound.class})
    @ExponentialBackoff(maxDelay = 30_000)
    public Job process(AttachmentRef original, Instant detectedAt) throws CaseStoreException, IOException {
        return processor.process(original, detectedAt);
    }

    /** Resumes a job of the journal, with the same retries. */
    @Retry(maxRetries = 5, delay = 500, jitter = 200, retryOn = {CaseStoreException.Transient.class, IOException.class},
            abortOn = {CaseStoreException.Permanent.class, CaseStoreException.Rejected.class,
                    CaseStoreException.NotFound.class})
    @ExponentialBackoff(maxDelay = 30_000)
    public Job resume(String jobId) throws CaseStoreException, IOException {
        return processor.resume(jobId);
    }
}
