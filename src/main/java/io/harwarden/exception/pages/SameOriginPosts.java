package io.harwarden.exception.pages;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;

/**
 * A request from another site that would change something is refused before anything reads it: the sign-in form
 * (which carries no CSRF token, so another site could otherwise sign a victim in as the attacker), sign-out, every
 * page form, the API's calls (a page session's cookie signs in there too) and the one-time release. The browser says
 * where a request comes from ({@code Sec-Fetch-Site}, {@code Origin}); one that names another origin is refused, one
 * that names none (curl, an API client) goes on to the CSRF token and the API's own sign-in.
 */
@ApplicationScoped
public class SameOriginPosts {
    private static final int BEFORE_SECURITY = 1000;

    void register(@Observes Filters filters) {
        filters.register(this::check, BEFORE_SECURITY);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        // the path as the router and the sign-in mechanism see it: /j_%73ecurity_check is /j_security_check
        if (guarded(request.method(), context.normalizedPath()) && crossSite(request)) {
            context.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("a request from another site is refused\n");
            return;
        }
        context.next();
    }

    /**
     * Every request that changes something (a page session's cookie signs in to the API too, so the API's JSON calls
     * are included), and the one-time release, which is a GET.
     */
    static boolean guarded(HttpMethod method, String path) {
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return path != null && path.startsWith("/api/exceptions/") && path.endsWith("/release");
        }
        return true;
    }

    /** Whether the browser says the post comes from another origin (a sibling subdomain included). */
    static boolean crossSite(HttpServerRequest request) {
        String site = request.getHeader("Sec-Fetch-Site"); // set by the browser only: a page cannot forge it
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false; // no claim either way: the CSRF token decides
        }
        HostAndPort here = request.authority(); // the forwarded host behind a proxy that is trusted to set it
        try {
            URI from = URI.create(origin);
            if (from.getHost() == null || here == null || !from.getHost().equalsIgnoreCase(here.host())) {
                return true; // another host, or an opaque origin ("null": a sandboxed frame, a file)
            }
            return from.getPort() >= 0 && here.port() >= 0 && from.getPort() != here.port();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
