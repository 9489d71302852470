package io.harwarden.pipeline;

import io.harwarden.har.SanitizeReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;

/**
 * The pipeline's figures on {@code /q/metrics}. Labels are fixed words (steps, categories, kinds), never a name or
 * value from a file.
 */
@ApplicationScoped
@Startup // made at start, not at the first file, so that the counters and timer are there for alerts from the start
public class PipelineMetrics implements PipelineEvents {
    private final MeterRegistry registry;
    private final Timer detectionToDeletion;
    private final Counter failed;
    private final Counter refused;

    PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        // present from the start at 0, so that an alert on it works before the first failure
        this.failed = Counter.builder("harwarden.files.failed")
                .description("HAR files given up after the retry budget (they stay on their case)").register(registry);
        this.refused = Counter.builder("harwarden.uploads.refused")
                .description("Copies the case system refused to store (its size limit, say); each leaves a note")
                .register(registry);
        this.detectionToDeletion = Timer.builder("harwarden.detection.to.deletion")
                .description("Time from a HAR file being detected to its plaintext being removed from the case")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    @Override
    public void stepFinished(Step step, Duration took) {
        Timer.builder("harwarden.step.duration").description("Time one step of one file took")
                .tag("step", step.name().toLowerCase(Locale.ROOT)).register(registry).record(took);
    }

    @Override
    public void originalRead(long originalBytes, SanitizeReport report, long encryptedBytes) {
        bytes("original", originalBytes);
        bytes("encrypted", encryptedBytes);
        if (report != null) {
            bytes("sanitized", report.outputBytes());
            report.byCategory().forEach((category, count) -> registry.counter("harwarden.redactions",
                    "category", category).increment(count));
        }
    }

    @Override
    public void plaintextDeleted(Duration sinceDetection) {
        detectionToDeletion.record(sinceDetection);
    }

    @Override
    public void finished(boolean sanitized) {
        registry.counter("harwarden.files.processed", "result", sanitized ? "sanitized" : "encrypted-only")
                .increment();
    }

    @Override
    public void uploadRefused() {
        refused.increment();
    }

    /** A file is given up after the retry budget (it stays on the case; see the dead-letter channel). */
    public void failed() {
        failed.increment();
    }

    private void bytes(String kind, long n) {
        registry.counter("harwarden.bytes", "kind", kind).increment(n);
    }
}
