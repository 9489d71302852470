package io.harwarden.exception.pages;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sign-in and sign-out of the pages. Embedded default: a form against the users file (for trying HAR Warden only);
 * the session is an encrypted, HttpOnly, SameSite=Strict cookie that expires after the configured idle time. With
 * OIDC on: the provider's sign-in through the authorization-code flow, and its session cookie.
 */
@Path("/")
public class SignInPages {
    /** Quarkus' form sign-in cookie (quarkus.http.auth.form.cookie-name). */
    static final String SESSION_COOKIE = "quarkus-credential";

    /** OIDC's session cookie (quarkus.oidc.authentication.cookie-name-prefix and the default tenant). */
    static final String OIDC_SESSION_COOKIE = "q_session";

    private final Template login;
    private final HttpHeaders headers;
    private final boolean oidc;

    SignInPages(@Location("pages/login.html") Template login, HttpHeaders headers,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc) {
        this.login = login;
        this.headers = headers;
        this.oidc = oidc;
    }

    /** With OIDC on, signing in is the organisation's: straight to its sign-in (the code flow); else the form. */
    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Response login(@QueryParam("error") String error, @QueryParam("out") String signedOut) {
        if (oidc && signedOut == null) {
            return Response.seeOther(URI.create("/login/oidc")).build();
        }
        Locale locale = PageLocale.of(headers);
        return Response.ok(login.instance().setLocale(locale).data("lang", locale.getLanguage())
                .data("error", error != null).data("signedOut", signedOut != null).data("oidc", oidc).render())
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    /**
     * The end of the OIDC code flow: the HTTP permission on this path (auth-mechanism=code) sends a person without a
     * session to the provider and back here signed in.
     */
    @GET
    @Path("login/oidc")
    @Authenticated
    public Response signedInWithOidc() {
        return Response.seeOther(URI.create("/exceptions/mine")).build();
    }

    /** Ends the session: its cookie is cleared, whatever state the browser was in. */
    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout() {
        return Response.seeOther(URI.create("/login?out=1")).cookie(cleared(SESSION_COOKIE),
                cleared(OIDC_SESSION_COOKIE)).build();
    }

    private static NewCookie cleared(String name) {
        return new NewCookie.Builder(name).value("").path("/").maxAge(0).httpOnly(true).build();
    }
}
