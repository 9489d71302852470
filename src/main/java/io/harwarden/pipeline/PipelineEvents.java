package io.harwarden.pipeline;

import io.harwarden.har.SanitizeReport;
import java.time.Duration;

/** What the pipeline reports as it works, for metrics. Every method does nothing unless overridden. */
public interface PipelineEvents {
    PipelineEvents NONE = new PipelineEvents() {
    };

    /** A step of one file ran (also when it resumed after a restart). */
    default void stepFinished(Step step, Duration took) {
    }

    /**
     * The original was read once: its size, the sanitizer's report (null when it could not be sanitized) and the size
     * of the encrypted copy.
     */
    default void originalRead(long originalBytes, SanitizeReport report, long encryptedBytes) {
    }

    /** The plaintext is gone from the case, this long after the file was detected. */
    default void plaintextDeleted(Duration sinceDetection) {
    }

    /** A file finished all steps; {@code sanitized} is false when only the encrypted copy could be made. */
    default void finished(boolean sanitized) {
    }

    /** The case system refused one of the copies (its size limit, say); the plaintext stays on the case. */
    default void uploadRefused() {
    }
}
