package io.harwarden.triage;

import io.harwarden.triage.TriageReport.Finding;
import io.harwarden.triage.TriageReport.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Auth, CORS, network, redirect and rate-limit problems, each said once, with the first call that shows it. */
final class Findings {
    private static final int MAX = 40;
    private static final int MAX_TRACKED = 10_000;
    private static final Pattern AUTH_PARAM = Pattern.compile("(?i)\\b(error|error_description|scope)=\"?([^\",]*)\"?");
    private static final Map<String, String> NETWORK_CAUSES = Map.ofEntries(
            Map.entry("ERR_NAME_NOT_RESOLVED", "the host name did not resolve (DNS, or a typo in the address)"),
            Map.entry("ERR_INTERNET_DISCONNECTED", "the computer was offline"),
            Map.entry("ERR_CONNECTION_RESET", "the connection was reset (a proxy, firewall or the server closed it)"),
            Map.entry("ERR_CONNECTION_REFUSED", "nothing listened at the address (server down, or the wrong port)"),
            Map.entry("ERR_CONNECTION_TIMED_OUT", "the server did not answer in time (network or firewall)"),
            Map.entry("ERR_BLOCKED_BY_CLIENT", "blocked in the browser (an ad blocker or an extension)"),
            Map.entry("ERR_CERT_", "the server's certificate was not trusted"),
            Map.entry("ERR_SSL_", "the TLS handshake failed"),
            Map.entry("ERR_TIMED_OUT", "the request timed out"),
            Map.entry("ERR_FAILED", "the request failed in the browser (often a CORS refusal)"),
            Map.entry("ERR_ABORTED", "the request was cancelled (the page moved on, or the user stopped it)"),
            Map.entry("NS_BINDING_ABORTED", "the request was cancelled (the page moved on, or the user stopped it)"));

    private final UnaryOperator<String> scrub;
    private final List<Finding> found = new ArrayList<>();
    private final Set<String> said = new HashSet<>();
    private final Map<String, Integer> unauthorized = new HashMap<>();
    private final Map<String, Integer> redirects = new HashMap<>();
    private final Map<String, String> redirectTo = new HashMap<>();
    private final Map<String, int[]> tooMany = new LinkedHashMap<>();
    private final Set<String> preflighted = new HashSet<>();

    Findings(UnaryOperator<String> scrub) {
        this.scrub = scrub;
    }

    void add(HarEntry e, java.util.function.Supplier<Instant> started) {
        auth(e, started);
        cors(e);
        network(e);
        redirect(e);
        rateLimit(e);
    }

    private void auth(HarEntry e, java.util.function.Supplier<Instant> startedAt) {
        boolean refused = e.status() == 401 || e.status() == 403;
        boolean ok = e.status() >= 200 && e.status() < 300;
        if (!refused && !(ok && !unauthorized.isEmpty())) {
            return;
        }
        String template = PathTemplate.of(e.url());
        String fingerprint = e.upperMethod() + " " + template;
        if (refused) {
            Instant started = startedAt.get();
            if (unauthorized.size() < MAX_TRACKED) {
                unauthorized.putIfAbsent(fingerprint, e.index());
            }
            StringBuilder text = new StringBuilder(e.status() + " on " + e.upperMethod() + " " + template);
            String challenge = e.responseHeader("WWW-Authenticate");
            if (challenge != null) {
                text.append(": ").append(challenge(challenge));
            }
            long expired = TokenFacts.expiredSecondsBefore(e, started);
            if (expired > 0) {
                text.append("; the bearer token had expired ").append(SlowCalls.seconds(expired * 1000.0))
                        .append(" before the call");
            }
            say(Kind.AUTH, "auth " + fingerprint + (expired > 0), e.index(), text.toString());
        } else if (unauthorized.containsKey(fingerprint)) {
            say(Kind.AUTH, "retried " + fingerprint, unauthorized.get(fingerprint), e.upperMethod() + " " + template
                    + " was refused (401/403), then succeeded at entry " + e.index() + ": a token refresh and a retry");
        }
    }

    /** The challenge's scheme and its error fields; never a token (a challenge carries none, but it is scrubbed). */
    private static String challenge(String header) {
        String scheme = header.strip().split("[\\s,]", 2)[0];
        StringBuilder out = new StringBuilder(scheme);
        Matcher m = AUTH_PARAM.matcher(header);
        while (m.find()) {
            out.append(' ').append(m.group(1).toLowerCase(Locale.ROOT)).append("=\"").append(m.group(2).strip())
                    .append('"');
        }
        return ErrorText.oneLine(out.toString());
    }

    private void cors(HarEntry e) {
        String origin = e.requestHeader("Origin");
        boolean preflight = e.upperMethod().equals("OPTIONS") && e.requestHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            if (preflighted.size() < MAX_TRACKED) {
                preflighted.add(e.url());
            }
            if (e.status() < 200 || e.status() >= 300) {
                say(Kind.CORS, "preflight " + e.url(), e.index(), "the CORS preflight of " + PathTemplate.of(e.url())
                        + " failed (" + (e.status() == 0 ? "no response" : "status " + e.status()) + ") for origin "
                        + origin + ": the browser then refuses the call");
            }
            return;
        }
        if (origin == null || e.status() == 0 || origin.equalsIgnoreCase(PathTemplate.origin(e.url()))) {
            return;
        }
        String mode = e.requestHeader("Sec-Fetch-Mode");
        if (mode != null ? !mode.equalsIgnoreCase("cors") : !preflighted.contains(e.url())) {
            return; // a navigation or a no-cors request needs no CORS headers
        }
        String allowed = e.responseHeader("Access-Control-Allow-Origin");
        String credentials = e.responseHeader("Access-Control-Allow-Credentials");
        String where = PathTemplate.of(e.url());
        if (allowed == null) {
            say(Kind.CORS, "acao " + where, e.index(), "the response of " + where + " has no Access-Control-Allow-Origin"
                    + " for the cross-origin call from " + origin + ": the browser hides it from the page");
        } else if (allowed.strip().equals("*") && "true".equalsIgnoreCase(credentials == null ? "" : credentials.strip())) {
            say(Kind.CORS, "wildcard " + where, e.index(), "the response of " + where + " allows origin * with"
                    + " credentials, which browsers refuse");
        } else if (!allowed.strip().equals("*") && !allowed.strip().equalsIgnoreCase(origin.strip())) {
            say(Kind.CORS, "mismatch " + where, e.index(), "the response of " + where + " allows origin " + allowed
                    + ", not the caller " + origin);
        }
    }

    private void network(HarEntry e) {
        if (e.error() == null && e.status() != 0) {
            return;
        }
        String error = e.error() == null ? "no response" : e.error().strip();
        String cause = cause(error);
        say(Kind.NETWORK, "net " + error, e.index(), error + " on " + e.upperMethod() + " " + PathTemplate.of(e.url())
                + (cause == null ? "" : ": " + cause));
    }

    static String cause(String error) {
        String upper = error.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, String> c : NETWORK_CAUSES.entrySet()) {
            if (upper.contains(c.getKey())) {
                return c.getValue();
            }
        }
        return null;
    }

    /**
     * A redirect loop: a redirect whose target leads back to it through the redirects seen so far, made at least
     * twice (a single round trip through a sign-in page is how SSO works; the same circle again is a loop).
     */
    private void redirect(HarEntry e) {
        String location = e.responseHeader("Location");
        if (e.status() < 300 || e.status() >= 400 || location == null) {
            return;
        }
        String from = e.url().split("#", 2)[0];
        String to = resolve(from, location.strip());
        if (redirectTo.size() > MAX_TRACKED) {
            redirectTo.clear();
            redirects.clear();
        }
        redirectTo.put(from, to);
        int times = redirects.merge(from + " -> " + to, 1, Integer::sum);
        String hop = to;
        for (int i = 0; i < 10 && hop != null; i++) {
            if (hop.equals(from)) {
                if (times >= 2) {
                    say(Kind.REDIRECT_LOOP, "loop " + PathTemplate.of(from), e.index(), PathTemplate.of(from)
                            + " redirected the browser round the same circle " + times + " times: a redirect loop"
                            + " (often a session or SSO cookie that is not kept)");
                }
                return;
            }
            hop = redirectTo.get(hop);
        }
    }

    private static String resolve(String base, String location) {
        try {
            return java.net.URI.create(base).resolve(location).toString().split("#", 2)[0];
        } catch (IllegalArgumentException notAUri) {
            return location;
        }
    }

    private void rateLimit(HarEntry e) {
        if (e.status() != 429) {
            return;
        }
        int[] seen = tooMany.computeIfAbsent(e.host(), h -> new int[] {0, e.index()});
        seen[0]++;
        if (seen[0] == 3) {
            String retryAfter = e.responseHeader("Retry-After");
            say(Kind.RATE_LIMIT, "429 " + e.host(), seen[1], e.host() + " answered 429 Too Many Requests 3 times or more"
                    + (retryAfter == null ? "" : " (Retry-After: " + retryAfter.strip() + ")")
                    + ": the client is rate-limited");
        }
    }

    /** A failed call whose body names another status (a 502 wrapping a 400). */
    void nested(HarEntry e, ErrorText error) {
        say(Kind.NESTED_ERROR, "nested " + e.index(), e.index(), "status says " + e.status() + ", body says "
                + error.upstreamStatus() + ": the error comes from a system behind " + e.host());
    }

    private void say(Kind kind, String key, int entry, String text) {
        if (found.size() < MAX && said.add(key)) {
            found.add(new Finding(kind, entry, scrub.apply(text)));
        }
    }

    List<Finding> all() {
        return List.copyOf(found);
    }
}
