package io.harwarden.exception;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStore;
import io.harwarden.exception.audit.JdbcAuditLog;
import io.harwarden.exception.notify.WebhookConfig;
import io.harwarden.exception.notify.WebhookEvents;
import io.harwarden.exception.notify.WebhookSender;
import io.harwarden.exception.release.Releases;
import io.harwarden.har.HarSanitizer;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.KeyRejectedException;
import io.harwarden.pgp.SecretKeys;
import io.harwarden.pipeline.JournalDatabase.Journal;
import io.harwarden.pipeline.RetryingProcessor.PipelineConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The exception workflow's parts, from configuration. */
@ApplicationScoped
public class ExceptionProducer {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    @Produces
    @ApplicationScoped
    JdbcAuditLog auditLog(@Journal DataSource dataSource) {
        return new JdbcAuditLog(dataSource);
    }

    @Produces
    @ApplicationScoped
    ExceptionWorkflow workflow(@Journal DataSource dataSource, ObjectMapper json, JdbcAuditLog audit,
            JournalProcessedFiles files, ExceptionConfig config, CaseStore store, PipelineConfig pipeline, MeterRegistry metrics,
            WebhookConfig webhook, WebhookSender sender, HarSanitizer sanitizer) {
        CaseNotes.Language language = CaseNotes.Language.valueOf(pipeline.noteLanguage().toUpperCase(Locale.ROOT));
        List<ExceptionEvents> listeners = new ArrayList<>();
        listeners.add(new CaseNoteEvents(store, language, metrics));
        WebhookEvents.of(webhook, sender).ifPresent(listeners::add);
        JdbcExceptionRequests requests = new JdbcExceptionRequests(dataSource, json);
        return new ExceptionWorkflow(requests, audit, files, person -> registeredKey(config.requesterKeys(), person)
                .or(() -> requests.lastKey(person)), ExceptionEvents.all(listeners),
                config.policy(), Clock.systemUTC(), sanitizer::sanitizeText);
    }

    @Produces
    @ApplicationScoped
    Releases releases(HarSanitizer sanitizer, ExceptionConfig config) {
        return new Releases(sanitizer, config.custodianKey().isEmpty() ? null : () -> custodian(config),
                Clock.systemUTC());
    }

    private static SecretKeys custodian(ExceptionConfig config) throws IOException, KeyRejectedException {
        String passphrase = config.custodianPassphraseFile().isPresent()
                ? Files.readString(config.custodianPassphraseFile().get(), StandardCharsets.UTF_8).strip()
                : System.getenv("HARWARDEN_CUSTODIAN_PASSPHRASE");
        return SecretKeys.load(config.custodianKey().orElseThrow(), passphrase == null ? null
                : passphrase.toCharArray());
    }

    /**
     * A requester's registered key, {@code <folder>/<name>.asc}, for names that are safe as file names. Without one,
     * the key of the person's last request is remembered for the next (the pages show its fingerprint).
     */
    static Optional<String> registeredKey(Optional<Path> folder, String person) {
        if (folder.isEmpty() || !SAFE_NAME.matcher(person).matches()) {
            return Optional.empty();
        }
        Path file = folder.get().resolve(person + ".asc");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
