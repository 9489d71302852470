package io.harwarden.exception;

import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.NoteKey;
import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditRecord;
import io.harwarden.notes.CaseNotes;
import io.harwarden.notes.ExceptionNote;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Each event of the workflow as a note on its case (who, when, scope, justification or comment, the audit record
 * and its hash, so the case system is a second witness of the chain) and as metrics. A note that cannot be written
 * is logged, not retried here: the audit chain already holds the event.
 */
public final class CaseNoteEvents implements ExceptionEvents {
    private static final Logger LOG = Logger.getLogger(CaseNoteEvents.class);
    private static final String PLAINTEXT = "plaintext";
    private static final int MAX_NOTE_TEXT = 1000;

    private final CaseStore store;
    private final CaseNotes.Language language;
    private final MeterRegistry metrics;

    public CaseNoteEvents(CaseStore store, CaseNotes.Language language, MeterRegistry metrics) {
        this.store = store;
        this.language = language;
        this.metrics = metrics;
        for (AuditEvent event : AuditEvent.values()) {
            metrics.counter("harwarden_exceptions_total", "event", event.label());
        }
    }

    @Override
    public void happened(AuditEvent event, ExceptionRequest request, AuditRecord record) {
        metrics.counter("harwarden_exceptions_total", "event", event.label()).increment();
        if ((event == AuditEvent.APPROVED && request.state() == RequestState.APPROVED) || event == AuditEvent.DENIED) {
            metrics.timer("harwarden_exception_decision_seconds", "decision", event.label())
                    .record(Duration.between(request.createdAt(), record.at()));
        }
        Map<String, String> details = record.entry().details();
        String text = switch (event) {
            case REQUESTED -> details.get("justification");
            case APPROVED, DENIED -> blankToNull(details.get("comment"));
            case REFUSED -> details.get("reason");
            case RELEASED -> PLAINTEXT.equals(details.get("recipient")) ? "sent as plaintext, not encrypted" : null;
            default -> null;
        };
        String recipient = event == AuditEvent.REQUESTED ? request.requesterFingerprint()
                : event == AuditEvent.RELEASED && !PLAINTEXT.equals(details.get("recipient")) ? details.get("recipient")
                : null;
        ExceptionNote note = new ExceptionNote(request.id(), event.label(), oneLine(record.entry().actor()),
                record.at().truncatedTo(ChronoUnit.SECONDS), oneLine(request.fileName()), what(request), oneLine(text),
                recipient, details.get("sha256"), record.seq(), record.hash());
        try {
            store.appendNote(new CaseId(request.caseId()), new NoteKey("harwarden-audit-" + record.seq() + "-"
                    + record.hash().substring(0, 12)), CaseNotes.render(note, language));
        } catch (CaseStoreException | RuntimeException e) {
            LOG.warnf("cannot note %s of exception request %s on case %s: %s", event.label(), request.id(),
                    request.caseId(), e.getMessage());
        }
    }

    private static String what(ExceptionRequest request) {
        return switch (request.scope()) {
            case MARKERS -> request.markers().size() + " marker value" + (request.markers().size() == 1 ? "" : "s")
                    + ": " + String.join(" ", request.markers());
            case ENTRIES -> "entries " + String.join(", ", request.entries().stream().map(String::valueOf).toList());
            case FILE -> "the whole file";
        };
    }

    /** People's text on one line: a line break in a justification cannot forge a line of the note. */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_NOTE_TEXT));
        for (int i = 0; i < text.length() && b.length() < MAX_NOTE_TEXT; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return b.length() < text.length() ? b.append('…').toString() : b.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
