package io.harwarden.exception.api;

import io.harwarden.exception.ExceptionRefused;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the exception API as JSON: a stable code and one line, and for 400 what is wrong per field. */
public class ApiErrors {
    @ServerExceptionMapper
    public Response refused(ExceptionRefused e) {
        return json(e.reason().status(), e.reason().code(), e.getMessage(), e.fields());
    }

    /**
     * Not signed in: the API answers 401 in JSON; a page, or a failed form sign-in (whose failure comes here too),
     * goes to the sign-in page.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RoutingContext request) {
        String path = request.normalizedPath();
        if (path.equals("/j_security_check")) {
            return Response.seeOther(URI.create("/login?error=1")).build();
        }
        if (path.equals("/exceptions") || path.startsWith("/exceptions/")) {
            return Response.seeOther(URI.create("/login")).build();
        }
        return Response.status(401).header("WWW-Authenticate", "Basic realm=\"HAR Warden\"")
                .entity(new ApiModel.ErrorBody("unauthenticated", "sign in first", Map.of()))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = status == 404 ? "not-found" : status == 405 ? "method-not-allowed" : status == 415
                ? "unsupported-media-type" : "invalid";
        String message = status == 404 ? "no such resource" : status >= 500 ? "internal error"
                : "the request cannot be read: send JSON as documented at /q/openapi";
        return json(status, code, message, Map.of());
    }

    static Response json(int status, String code, String message, Map<String, String> fields) {
        return Response.status(status).entity(new ApiModel.ErrorBody(code, message, fields))
                .type(MediaType.APPLICATION_JSON).build();
    }
}
