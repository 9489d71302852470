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
 * A form posted to the pages from another site is refused before anything reads it: the sign-in form (which carries
 * no CSRF token, so another site could otherwise sign a victim in as the attacker), sign-out and every page form. The
 * browser says where a post comes from ({@code Sec-Fetch-Site}, {@code Origin}); a post that names another origin is
 * refused, one that names none (curl, an old browser) goes on to the CSRF check.
 */
@ApplicationScoped
public class SameOriginPosts {
    private static final int BEFORE_SECURITY = 1000;

    void register(@Observes Filters filters) {
        filters.register(this::check, BEFORE_SECURITY);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.method() == HttpMethod.POST && isPage(request.path()) && crossSite(request)) {
            context.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("a form posted from another site is refused\n");
            return;
        }
        context.next();
    }

    private static boolean isPage(String path) {
        return path != null && (path.equals("/j_security_check") || path.equals("/logout")
                || path.startsWith("/exceptions"));
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
