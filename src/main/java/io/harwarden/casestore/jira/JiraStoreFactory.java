package io.harwarden.casestore.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreFactory;
import io.harwarden.casestore.InboundWebhook;
import io.harwarden.casestore.http.Secrets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Contributes the {@code jira} store. */
@ApplicationScoped
public class JiraStoreFactory implements CaseStoreFactory {

    /** The Jira store's settings (used with {@code harwarden.store.type=jira}). */
    @ConfigMapping(prefix = "harwarden.store.jira")
    public interface JiraConfig {
        /** The site's URL, such as {@code https://acme.atlassian.net}; required for this store. */
        Optional<URI> url();

        /** The account's email address, for API-token authentication (Cloud). */
        Optional<String> email();

        /** An API token (with {@code email}); best given as {@code HARWARDEN_STORE_JIRA_API_TOKEN}. Never logged. */
        Optional<String> apiToken();

        /** A file holding the API token (a mounted secret), used when {@code api-token} is not set. */
        Optional<Path> apiTokenFile();

        /** A personal access token (Data Center), sent as a bearer token instead of email and API token. */
        Optional<String> personalAccessToken();

        /** A file holding the personal access token, used when {@code personal-access-token} is not set. */
        Optional<Path> personalAccessTokenFile();

        /**
         * {@code cloud} (the REST API v3 and its token-paged search) or {@code data-center} (v2, the offset search,
         * downloads from {@code /secure/attachment}); a Data Center signs in with a personal access token.
         */
        @WithDefault("cloud")
        JiraCaseStore.Deployment deployment();

        /** Project keys to watch (comma-separated); unset watches every project the account sees. */
        Optional<List<String>> projects();

        /**
         * Where the note goes: {@code service-desk} (an internal comment through Jira Service Management) or
         * {@code restricted} (a comment visible to {@code restricted-role} only, for plain Jira projects).
         */
        @WithDefault("service-desk")
        JiraCaseStore.CommentMode comments();

        /** The project role a restricted note is visible to. */
        @WithDefault("Administrators")
        String restrictedRole();

        /** The secret of the Jira webhook that notifies HAR Warden ({@code POST /webhooks/jira}); never logged. */
        Optional<String> webhookSecret();

        /** A file holding the webhook's secret, used when {@code webhook-secret} is not set. */
        Optional<Path> webhookSecretFile();

        /** How often Jira is searched for issues updated since the last poll. */
        @WithDefault("30s")
        Duration pollInterval();

        /** How far back polling looks at most, on the first start or a full scan. */
        @WithDefault("7d")
        Duration lookback();

        /** How long one request may wait for Jira (a download: for each next byte). */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    private final JiraConfig config;
    private final ObjectMapper json;

    public JiraStoreFactory(JiraConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public String type() {
        return "jira";
    }

    @Override
    public CaseStore create() throws IOException {
        URI url = config.url().orElseThrow(() -> new IOException("set harwarden.store.jira.url"));
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IOException("harwarden.store.jira.url must be an http or https URL");
        }
        JiraHttp http = new JiraHttp(url, authorization(), config.requestTimeout(), json);
        Optional<InboundWebhook> webhook = Secrets.read(config.webhookSecret(), config.webhookSecretFile(),
                "harwarden.store.jira.webhook-secret").map(secret -> new JiraWebhook(secret, json));
        List<String> projects = config.projects().orElse(List.of()).stream().map(String::strip)
                .filter(p -> !p.isEmpty()).toList();
        var settings = new JiraCaseStore.Settings(projects, config.pollInterval(), config.lookback(),
                config.comments(), config.restrictedRole(),
                config.deployment() == JiraCaseStore.Deployment.DATA_CENTER);
        return new JiraCaseStore(http, json, settings, webhook, Clock.systemUTC());
    }

    /** The Authorization header: a personal access token as Bearer, or {@code email:api token} as Basic. */
    private String authorization() throws IOException {
        Optional<String> pat = Secrets.read(config.personalAccessToken(), config.personalAccessTokenFile(),
                "harwarden.store.jira.personal-access-token");
        if (pat.isPresent()) {
            return "Bearer " + pat.get();
        }
        Optional<String> token = Secrets.read(config.apiToken(), config.apiTokenFile(),
                "harwarden.store.jira.api-token");
        Optional<String> email = config.email().map(String::strip).filter(e -> !e.isEmpty());
        if (token.isEmpty() || email.isEmpty()) {
            throw new IOException("set harwarden.store.jira.email and api-token (or api-token-file), or "
                    + "personal-access-token");
        }
        return "Basic " + Base64.getEncoder().encodeToString((email.get() + ":" + token.get())
                .getBytes(StandardCharsets.UTF_8));
    }
}
