package io.harwarden.exception.pages;

import io.harwarden.exception.ExceptionRefused;
import io.harwarden.exception.api.ApiModel.DecisionBody;
import io.harwarden.exception.api.ApiModel.NewRequestBody;
import io.harwarden.exception.api.ApiModel.RequestView;
import io.harwarden.exception.api.ExceptionResource;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The exception pages: a case's files, a new request, one's own requests, the approvals queue and the audit log,
 * server-rendered and usable without JavaScript. Every page calls the exception API's resource, so every rule (roles,
 * no self-approval, scopes, one-time release) is the same one whatever the client; a refusal shows as a page with its
 * one-line reason. Forms carry a CSRF token, checked on every post.
 */
@Path("/exceptions")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ExceptionPages {
    private final ExceptionResource api;
    private final SecurityIdentity identity;
    private final HttpHeaders headers;
    private final Template files;
    private final Template newRequest;
    private final Template mine;
    private final Template approvals;
    private final Template audit;
    private final Template refused;

    ExceptionPages(ExceptionResource api, SecurityIdentity identity, HttpHeaders headers,
            @Location("pages/files.html") Template files, @Location("pages/new.html") Template newRequest,
            @Location("pages/mine.html") Template mine, @Location("pages/approvals.html") Template approvals,
            @Location("pages/audit.html") Template audit, @Location("pages/refused.html") Template refused) {
        this.api = api;
        this.identity = identity;
        this.headers = headers;
        this.files = files;
        this.newRequest = newRequest;
        this.mine = mine;
        this.approvals = approvals;
        this.audit = audit;
        this.refused = refused;
    }

    /** The link the case notes carry: the case's processed files, or one's own requests without a case. */
    @GET
    public Response caseFiles(@QueryParam("case") String caseId) {
        if (caseId == null || caseId.isBlank()) {
            return Response.seeOther(URI.create("/exceptions/mine")).build();
        }
        return page(() -> files.data("caseId", caseId).data("files", api.files(caseId)));
    }

    @GET
    @Path("/new")
    public Response newRequest(@QueryParam("case") String caseId, @QueryParam("job") String jobId,
            @QueryParam("status") @DefaultValue("") String status, @QueryParam("q") @DefaultValue("") String text,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        return page(() -> newRequest.data("caseId", caseId).data("jobId", jobId).data("status", status)
                .data("q", text).data("entries", api.entries(caseId, jobId, status, text, Math.max(0, offset), 100))
                .data("offset", Math.max(0, offset)).data("markers", api.markers(caseId, jobId, null, 500))
                .data("keyFingerprint", api.me().keyFingerprint())
                .data("error", null));
    }

    @POST
    @Path("/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("caseId") String caseId, @FormParam("jobId") String jobId,
            @FormParam("scope") String scope, @FormParam("entries") List<Integer> entries,
            @FormParam("markers") List<String> markers, @FormParam("trackingId") String trackingId,
            @FormParam("justification") String justification, @FormParam("requesterKey") String requesterKey) {
        return act(() -> {
            RequestView created = (RequestView) api.create(new NewRequestBody(caseId, jobId, justification, scope,
                    markers == null ? List.of() : markers, entries == null ? List.of() : entries,
                    blankToNull(trackingId), blankToNull(requesterKey))).getEntity();
            return Response.seeOther(URI.create("/exceptions/mine?created=" + created.id())).build();
        });
    }

    @GET
    @Path("/mine")
    public Response mine(@QueryParam("created") String created) {
        String me = identity.getPrincipal().getName();
        return page(() -> {
            List<RequestView> requests = api.list(null, null, me, 200);
            // only the id of a request of theirs: the query is anyone's to write in a link
            boolean theirs = requests.stream().anyMatch(r -> r.id().equals(created));
            return mine.data("requests", requests).data("created", theirs ? created : null);
        });
    }

    @GET
    @Path("/approvals")
    public Response approvals() {
        String me = identity.getPrincipal().getName();
        return page(() -> {
            // one list: an approver's holds everyone's, a requester's only their own
            List<RequestView> pending = api.list("pending", null, null, 200);
            return approvals.data("requests", pending.stream().filter(r -> !Objects.equals(r.requester(), me))
                    .toList()).data("own", pending.stream().filter(r -> Objects.equals(r.requester(), me)).toList());
        });
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("id") String id, @FormParam("comment") String comment) {
        return act(() -> {
            api.approve(id, new DecisionBody(comment));
            return Response.seeOther(URI.create("/exceptions/approvals")).build();
        });
    }

    @POST
    @Path("/{id}/deny")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deny(@PathParam("id") String id, @FormParam("comment") String comment) {
        return act(() -> {
            api.deny(id, new DecisionBody(comment));
            return Response.seeOther(URI.create("/exceptions/approvals")).build();
        });
    }

    /** The one-time download, encrypted to the requester's key; a post, because it can happen only once. */
    @POST
    @Path("/{id}/download")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({"application/pgp-encrypted", MediaType.TEXT_HTML})
    public Response download(@PathParam("id") String id) {
        return act(() -> api.release(id, false));
    }

    @GET
    @Path("/audit")
    public Response audit(@QueryParam("request") String requestId, @QueryParam("case") String caseId) {
        return page(() -> audit.data("records", api.audit(blankToNull(requestId), blankToNull(caseId), 1000))
                .data("verdict", api.verify()).data("request", requestId).data("caseId", caseId));
    }

    private interface Page {
        TemplateInstance render();
    }

    /** What a form post does: its answer, or the refusal shown as a page. */
    private Response act(java.util.function.Supplier<Response> action) {
        try {
            return action.get();
        } catch (ExceptionRefused e) {
            return refusal(e);
        }
    }

    private Response page(Page page) {
        try {
            return Response.ok(localized(page.render())).type(MediaType.TEXT_HTML_TYPE).build();
        } catch (ExceptionRefused e) {
            return refusal(e);
        }
    }

    private Response refusal(ExceptionRefused e) {
        return Response.status(e.reason().status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(localized(refused.data("code", e.reason().code()).data("message", e.getMessage())
                        .data("fields", e.fields().entrySet()))).build();
    }

    private TemplateInstance localized(TemplateInstance page) {
        Locale locale = PageLocale.of(headers);
        return page.setLocale(locale).data("lang", locale.getLanguage()).data("user",
                identity.getPrincipal().getName());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
