package io.harwarden.exception.api;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.exception.Caller;
import io.harwarden.exception.ExceptionConfig;
import io.harwarden.exception.ExceptionRefused.Reason;
import io.harwarden.exception.ExceptionRefused;
import io.harwarden.exception.ExceptionRequest;
import io.harwarden.exception.ExceptionWorkflow;
import io.harwarden.exception.Exposure;
import io.harwarden.exception.JdbcExceptionRequests;
import io.harwarden.exception.NewRequest;
import io.harwarden.exception.ProcessedFile;
import io.harwarden.exception.ProcessedFiles;
import io.harwarden.exception.RequestState;
import io.harwarden.exception.Role;
import io.harwarden.exception.Scope;
import io.harwarden.exception.api.ApiModel.AuditView;
import io.harwarden.exception.api.ApiModel.DecisionBody;
import io.harwarden.exception.api.ApiModel.FileView;
import io.harwarden.exception.api.ApiModel.NewRequestBody;
import io.harwarden.exception.api.ApiModel.RequestView;
import io.harwarden.exception.api.ApiModel.VerifyView;
import io.harwarden.exception.audit.AuditVerdict;
import io.harwarden.exception.audit.JdbcAuditLog;
import io.harwarden.exception.release.Releases;
import io.harwarden.har.EntryIndex;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The exception API: processed files of a case, requests, decisions, the one-time release, the audit log. Signed
 * in (HTTP Basic against the users file, or an OIDC bearer token); every rule is the workflow's, not the client's.
 */
@Path("/api/exceptions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "exceptions", description = "Requests for originals, two-person approval, one-time releases, audit")
public class ExceptionResource {
    private final ExceptionWorkflow workflow;
    private final ProcessedFiles files;
    private final Releases releases;
    private final JdbcAuditLog audit;
    private final CaseStore store;
    private final SecurityIdentity identity;
    private final ExceptionConfig config;

    ExceptionResource(ExceptionWorkflow workflow, ProcessedFiles files, Releases releases, JdbcAuditLog audit,
            CaseStore store, SecurityIdentity identity, ExceptionConfig config) {
        this.config = config;
        this.workflow = workflow;
        this.files = files;
        this.releases = releases;
        this.audit = audit;
        this.store = store;
        this.identity = identity;
    }

    @GET
    @Path("/me")
    @Operation(summary = "Who you are signed in as, your roles, and the fingerprint of the key a request without "
            + "requesterKey is encrypted to (registered for you, or that of your last request)")
    public ApiModel.MeView me() {
        Caller caller = caller();
        return new ApiModel.MeView(caller.name(), caller.roles().stream().map(Role::label).sorted().toList(),
                workflow.keyOnRecord(caller).orElse(null));
    }

    @GET
    @Path("/cases/{caseId}/files")
    @Operation(summary = "The processed files of a case, with what their sanitized copies redacted (counts only)")
    public List<FileView> files(@PathParam("caseId") String caseId) {
        Caller caller = caller();
        if (caller.roles().isEmpty()) {
            throw new ExceptionRefused(Reason.FORBIDDEN_ROLE, "no HAR Warden role");
        }
        return files.ofCase(caseId).stream().map(FileView::of).toList();
    }

    @GET
    @Path("/cases/{caseId}/files/{jobId}/entries")
    @Operation(summary = "A processed file's entries as its sanitized copy shows them (time, method, host and path, "
            + "status), to pick entries by; filter by status class (2, 3, 4, 5) and text")
    public ApiModel.EntriesView entries(@PathParam("caseId") String caseId, @PathParam("jobId") String jobId,
            @QueryParam("status") String statusClass, @QueryParam("q") String text,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        ProcessedFile file = readable(caseId, jobId);
        if (file.sanitizedAttachment() == null) {
            throw new ExceptionRefused(Reason.NOT_FOUND, "this file has no sanitized copy to list");
        }
        int max = Math.min(Math.max(limit, 1), 1000);
        String needle = text == null ? "" : text.toLowerCase(Locale.ROOT);
        List<EntryIndex.Row> rows = new ArrayList<>();
        int[] skipped = {0};
        boolean[] more = {false};
        try (InputStream copy = store.open(new AttachmentRef(new CaseId(caseId), file.sanitizedAttachment(),
                file.sanitizedName(), 0, Instant.EPOCH, ""))) {
            EntryIndex.read(copy, row -> (statusClass == null || statusClass.isEmpty()
                    || row.inClass(statusClass.charAt(0))) && (needle.isEmpty() || (row.method() + " "
                    + row.hostAndPath() + " " + row.status()).toLowerCase(Locale.ROOT).contains(needle)), row -> {
                        if (skipped[0]++ < offset) {
                            return true;
                        }
                        if (rows.size() == max) {
                            more[0] = true;
                            return false;
                        }
                        rows.add(row);
                        return true;
                    });
        } catch (CaseStoreException | IOException e) {
            throw new ExceptionRefused(Reason.UNAVAILABLE, "cannot read the sanitized copy from the case");
        }
        return new ApiModel.EntriesView(rows, more[0] ? Math.max(offset, 0) + max : null);
    }

    @GET
    @Path("/cases/{caseId}/files/{jobId}/markers")
    @Operation(summary = "A processed file's markers (each once, in the order of the copy), to pick values by")
    public List<ApiModel.MarkerView> markers(@PathParam("caseId") String caseId, @PathParam("jobId") String jobId,
            @QueryParam("category") String category, @QueryParam("limit") @DefaultValue("1000") int limit) {
        ProcessedFile file = readable(caseId, jobId);
        int max = Math.min(Math.max(limit, 1), 10_000);
        Map<String, ApiModel.MarkerView> seen = new LinkedHashMap<>();
        file.manifest().redactions(r -> {
            if (seen.size() < max && (category == null || category.equals(r.category()))) {
                seen.putIfAbsent(r.marker(), new ApiModel.MarkerView(r.marker(), r.category(), r.entry(), r.pointer(),
                        r.expiredAtCapture()));
            }
        });
        return List.copyOf(seen.values());
    }

    private ProcessedFile readable(String caseId, String jobId) {
        if (caller().roles().isEmpty()) {
            throw new ExceptionRefused(Reason.FORBIDDEN_ROLE, "no HAR Warden role");
        }
        return files.find(caseId, jobId).orElseThrow(() -> new ExceptionRefused(Reason.NOT_FOUND,
                "no processed file with that id on that case"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for the values behind markers, chosen entries, or the whole original")
    public Response create(NewRequestBody body) {
        if (body == null) {
            throw new ExceptionRefused(Reason.INVALID, "send the request as JSON");
        }
        ExceptionRequest request = workflow.request(caller(), new NewRequest(body.caseId(), body.jobId(),
                body.justification(), scope(body.scope()), body.markers(), body.entries(), body.trackingId(),
                body.requesterKey()));
        return Response.status(201).entity(view(caller(), request)).build();
    }

    @GET
    @Operation(summary = "Requests you may see, newest first (requesters see their own)")
    public List<RequestView> list(@QueryParam("state") String state, @QueryParam("case") String caseId,
            @QueryParam("requester") String requester, @QueryParam("limit") @DefaultValue("100") int limit) {
        Caller caller = caller();
        Map<String, Optional<ProcessedFile>> read = new HashMap<>(); // requests of one file share its manifest
        return workflow.list(caller, new JdbcExceptionRequests.Filter(state(state), caseId, requester, limit))
                .stream().map(r -> view(caller, r, read)).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One request; approvers and auditors also see what its release would expose")
    public RequestView get(@PathParam("id") String id) {
        Caller caller = caller();
        return view(caller, workflow.get(caller, id));
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve someone else's request (final)")
    public RequestView approve(@PathParam("id") String id, DecisionBody body) {
        return view(caller(), workflow.approve(caller(), id, body == null ? null : body.comment()));
    }

    @POST
    @Path("/{id}/deny")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deny someone else's request (final)")
    public RequestView deny(@PathParam("id") String id, DecisionBody body) {
        return view(caller(), workflow.deny(caller(), id, body == null ? null : body.comment()));
    }

    @GET
    @Path("/{id}/release")
    @Produces({"application/pgp-encrypted", "application/json", "application/har+json"})
    @Operation(summary = "Download an approved release, once, encrypted to the requester's key")
    public Response release(@PathParam("id") String id, @QueryParam("plaintext") @DefaultValue("false")
            boolean plaintext) {
        Caller caller = caller();
        if (plaintext && !config.plaintextDownload()) {
            throw new ExceptionRefused(Reason.PLAINTEXT_DISABLED, "plaintext downloads are off here: the release is "
                    + "encrypted to your key");
        }
        ExceptionRequest request = workflow.get(caller, id);
        if (!releases.available() && request.state() == RequestState.APPROVED) {
            throw new ExceptionRefused(Reason.UNAVAILABLE, "no custodian key is configured here: a key custodian "
                    + "releases this request with the CLI");
        }
        ProcessedFile file = files.find(request.caseId(), request.jobId())
                .orElseThrow(() -> new ExceptionRefused(Reason.NOT_FOUND, "the processed file is no longer known"));
        ExceptionRequest taken = workflow.startRelease(caller, id);
        String name = "release-" + taken.id() + (taken.scope() == Scope.MARKERS ? ".json" : ".har")
                + (plaintext ? "" : ".pgp");
        StreamingOutput body = out -> {
            try (InputStream encrypted = new VerifiedDownload(open(file), file.encryptedSha256())) {
                Releases.Delivered delivered = plaintext ? releases.writePlaintext(taken, file, encrypted, out)
                        : releases.write(taken, file, encrypted, out);
                workflow.delivered(caller, taken, delivered.recipient(), delivered.sha256(), delivered.bytes());
            } catch (IOException | RuntimeException e) {
                workflow.failed(caller, taken, e.getMessage());
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        };
        return Response.ok(body, plaintext ? (taken.scope() == Scope.MARKERS ? "application/json" : "application/har+json")
                : "application/pgp-encrypted")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    @GET
    @Path("/{id}/marker-key")
    @Produces("application/pgp-encrypted")
    @Operation(summary = "For a key custodian releasing an approved markers request with the CLI: the file's marker "
            + "key, still encrypted to the custodians")
    public Response markerKey(@PathParam("id") String id) {
        Caller caller = caller();
        if (!caller.has(Role.APPROVER) && !caller.has(Role.ADMIN)) {
            throw new ExceptionRefused(Reason.FORBIDDEN_ROLE, "only approvers and admins fetch a marker key");
        }
        ExceptionRequest request = workflow.get(caller, id);
        if (request.scope() != Scope.MARKERS || request.state() != RequestState.APPROVED) {
            throw new ExceptionRefused(Reason.STATE_CONFLICT, "only an approved markers request has a marker key "
                    + "to release");
        }
        ProcessedFile file = files.find(request.caseId(), request.jobId())
                .orElseThrow(() -> new ExceptionRefused(Reason.NOT_FOUND, "the processed file is no longer known"));
        return Response.ok(file.manifest().markerKey(), "application/pgp-encrypted")
                .header("Content-Disposition", "attachment; filename=\"marker-key-" + id + ".pgp\"").build();
    }

    @GET
    @Path("/audit")
    @Operation(summary = "Audit records (of a request or case), oldest first; auditors and approvers")
    public List<AuditView> audit(@QueryParam("request") String requestId, @QueryParam("case") String caseId,
            @QueryParam("limit") @DefaultValue("1000") int limit) {
        requireAuditor();
        return audit.list(requestId, caseId, Math.min(Math.max(limit, 1), 10_000)).stream().map(AuditView::of)
                .toList();
    }

    @GET
    @Path("/audit/verify")
    @Operation(summary = "Check the audit chain; names the first edited, deleted or moved record")
    public VerifyView verify() {
        requireAuditor();
        AuditVerdict verdict = audit.verify();
        if (verdict instanceof AuditVerdict.Broken broken) {
            return new VerifyView(false, 0, null, broken.record(), broken.reason());
        }
        AuditVerdict.Intact intact = (AuditVerdict.Intact) verdict;
        return new VerifyView(true, intact.records(), intact.head(), null, null);
    }

    private InputStream open(ProcessedFile file) throws IOException {
        try {
            return store.open(new AttachmentRef(new CaseId(file.caseId()), file.encryptedAttachment(),
                    file.encryptedName(), file.encryptedSize(), Instant.EPOCH, ""));
        } catch (CaseStoreException e) {
            throw new IOException("cannot read the encrypted original from the case: " + e.getMessage(), e);
        }
    }

    private void requireAuditor() {
        Caller caller = caller();
        if (!caller.has(Role.AUDITOR) && !caller.has(Role.APPROVER) && !caller.has(Role.ADMIN)) {
            throw new ExceptionRefused(Reason.FORBIDDEN_ROLE, "only auditors, approvers and admins read the audit log");
        }
    }

    private RequestView view(Caller caller, ExceptionRequest request) {
        return view(caller, request, new HashMap<>());
    }

    /** The request as the caller may see it; approvers and auditors also see what its release would expose. */
    private RequestView view(Caller caller, ExceptionRequest request, Map<String, Optional<ProcessedFile>> read) {
        Exposure exposure = null;
        if (caller.has(Role.APPROVER) || caller.has(Role.AUDITOR)) {
            ProcessedFile file = read.computeIfAbsent(request.jobId(), job -> files.find(request.caseId(), job))
                    .orElseThrow(() -> new ExceptionRefused(Reason.NOT_FOUND, "the processed file is no longer known"));
            exposure = workflow.exposure(request, file);
        }
        return RequestView.of(request, workflow.policy().approvalsFor(request.scope()), exposure);
    }

    /** The signed-in person and their HAR Warden roles ({@code approver} or {@code harwarden-approver}). */
    private Caller caller() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : identity.getRoles()) {
            String name = role.toLowerCase(Locale.ROOT).replaceFirst("^harwarden[-_]", "");
            for (Role r : Role.values()) {
                if (r.label().equals(name)) {
                    roles.add(r);
                }
            }
        }
        return new Caller(identity.getPrincipal().getName(), roles);
    }

    private static Scope scope(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Scope.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ExceptionRefused(Reason.INVALID, "the request is not valid: scope",
                    Map.of("scope", "one of markers, entries, file"));
        }
    }

    private static RequestState state(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return RequestState.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("unknown state");
        }
    }
}
