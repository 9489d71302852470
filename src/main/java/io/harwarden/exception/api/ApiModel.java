package io.harwarden.exception.api;

import io.harwarden.exception.Decision;
import io.harwarden.exception.ExceptionRequest;
import io.harwarden.exception.Exposure;
import io.harwarden.exception.ProcessedFile;
import io.harwarden.exception.audit.AuditRecord;
import io.harwarden.har.EntryIndex;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the exception API reads and writes (JSON). */
public final class ApiModel {
    private ApiModel() {
    }

    @Schema(description = "A request for (part of) an original. scope: markers, entries or file.")
    public record NewRequestBody(
            @Schema(example = "CASE-42") String caseId,
            @Schema(description = "the processed file's id, from GET /api/exceptions/cases/{caseId}/files")
            String jobId,
            @Schema(example = "Ticket 4711: the login call fails with 401; we need the token to check its audience")
            String justification,
            @Schema(example = "markers") String scope,
            @Schema(example = "[\"[REDACTED:token:0123abcd]\"]") List<String> markers,
            List<Integer> entries,
            @Schema(example = "ATLAS_7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910_3") String trackingId,
            @Schema(description = "your armored OpenPGP public key; omit it to use the one registered for you")
            String requesterKey) {
    }

    public record DecisionBody(@Schema(example = "ok: ticket 4711 needs it") String comment) {
    }

    public record RequestView(String id, String caseId, String jobId, String fileName, String requester, String justification,
            String scope, List<String> markers, List<Integer> entries, String trackingId, String requesterFingerprint,
            String state, Instant createdAt, Instant expiresAt, List<Decision> decisions, Instant releasedAt,
            long approvals, int approvalsNeeded, Exposure exposure) {
        public static RequestView of(ExceptionRequest r, int needed, Exposure exposure) {
            return new RequestView(r.id(), r.caseId(), r.jobId(), r.fileName(), r.requester(), r.justification(),
                    r.scope().label(), r.markers(), r.entries(), r.trackingId(), r.requesterFingerprint(),
                    r.state().name().toLowerCase(java.util.Locale.ROOT), r.createdAt(), r.expiresAt(), r.decisions(),
                    r.releasedAt(), r.approvals(), needed, exposure);
        }
    }

    public record FileView(String jobId, String caseId, String fileName, int entries, long redactions,
            Map<String, Long> byCategory, long expiredJwts) {
        public static FileView of(ProcessedFile f) {
            return new FileView(f.jobId(), f.caseId(), f.fileName(), f.entries(), f.manifest().redactions(),
                    f.manifest().byCategory(), f.manifest().expiredJwts());
        }
    }

    public record EntriesView(List<EntryIndex.Row> entries, Integer next) {
    }

    public record MarkerView(String marker, String category, int entry, String pointer, Boolean expiredAtCapture) {
    }

    public record AuditView(long seq, Instant at, String event, String actor, String requestId, String caseId,
            Map<String, String> details, String previous, String hash) {
        public static AuditView of(AuditRecord r) {
            return new AuditView(r.seq(), r.at(), r.entry().event().label(), r.entry().actor(), r.entry().requestId(),
                    r.entry().caseId(), r.entry().details(), r.previous(), r.hash());
        }
    }

    public record VerifyView(boolean intact, long records, String head, Long brokenAt, String reason) {
    }

    public record MeView(String name, List<String> roles, String keyFingerprint) {
    }

    public record ErrorBody(String code, String message, Map<String, String> fields) {
    }
}
