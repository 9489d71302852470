package io.harwarden.casestore.redmine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreFactory;
import io.harwarden.casestore.http.Secrets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Contributes the {@code redmine} store. */
@ApplicationScoped
public class RedmineStoreFactory implements CaseStoreFactory {

    /** The Redmine store's settings (used with {@code harwarden.store.type=redmine}). */
    @ConfigMapping(prefix = "harwarden.store.redmine")
    public interface RedmineConfig {
        /** Redmine's base URL, such as {@code https://redmine.example.com}; required for this store. */
        Optional<URI> url();

        /**
         * The API key of the Redmine account HAR Warden acts as; best given as the environment variable
         * {@code HARWARDEN_STORE_REDMINE_API_KEY}. Never logged.
         */
        Optional<String> apiKey();

        /** A file holding the API key (a mounted secret), read at start; used when {@code api-key} is not set. */
        Optional<Path> apiKeyFile();

        /** Identifiers of the projects to watch (comma-separated); unset watches every project the account sees. */
        Optional<List<String>> projects();

        /** How often Redmine is asked for issues updated since the last poll. */
        @WithDefault("15s")
        Duration pollInterval();

        /**
         * How long one request may wait for Redmine's answer (a download: for each next byte; an upload: this plus
         * its size at 1 MiB/s) before it counts as a transient fault.
         */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    private final RedmineConfig config;
    private final ObjectMapper json;

    RedmineStoreFactory(RedmineConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public String type() {
        return "redmine";
    }

    @Override
    public CaseStore create() throws IOException {
        URI url = config.url().orElseThrow(() -> new IOException("set harwarden.store.redmine.url"));
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IOException("harwarden.store.redmine.url must be an http or https URL");
        }
        RedmineHttp http = new RedmineHttp(url, apiKey(), config.requestTimeout(), json);
        return new RedmineCaseStore(http, config.projects().orElse(List.of()).stream().map(String::strip)
                .filter(p -> !p.isEmpty()).toList(), config.pollInterval(), json);
    }

    private String apiKey() throws IOException {
        return Secrets.read(config.apiKey(), config.apiKeyFile(), "harwarden.store.redmine.api-key").orElseThrow(
                () -> new IOException("set harwarden.store.redmine.api-key (or HARWARDEN_STORE_REDMINE_API_KEY) or "
                        + "api-key-file"));
    }
}
