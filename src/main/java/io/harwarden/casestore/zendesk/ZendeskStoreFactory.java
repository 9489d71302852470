package io.harwarden.casestore.zendesk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreFactory;
import io.harwarden.casestore.InboundWebhook;
import io.harwarden.casestore.http.Secrets;
import io.quarkus.runtime.configuration.MemorySize;
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
import java.util.Optional;

/** Contributes the {@code zendesk} store. */
@ApplicationScoped
public class ZendeskStoreFactory implements CaseStoreFactory {

    /** The Zendesk store's settings (used with {@code harwarden.store.type=zendesk}). */
    @ConfigMapping(prefix = "harwarden.store.zendesk")
    public interface ZendeskConfig {
        /** The account's URL, such as {@code https://acme.zendesk.com}; required for this store. */
        Optional<URI> url();

        /** The agent's email address, for API-token authentication. */
        Optional<String> email();

        /** An API token (with {@code email}); best given as {@code HARWARDEN_STORE_ZENDESK_API_TOKEN}. Never logged. */
        Optional<String> apiToken();

        /** A file holding the API token (a mounted secret), used when {@code api-token} is not set. */
        Optional<Path> apiTokenFile();

        /** An OAuth access token, used instead of the email and API token when set. Never logged. */
        Optional<String> oauthToken();

        /** A file holding the OAuth access token, used when {@code oauth-token} is not set. */
        Optional<Path> oauthTokenFile();

        /**
         * The signing secret of the Zendesk webhook that notifies HAR Warden ({@code POST /webhooks/zendesk});
         * unset, the endpoint answers 404 and detection relies on polling. Never logged.
         */
        Optional<String> webhookSecret();

        /** A file holding the webhook's signing secret, used when {@code webhook-secret} is not set. */
        Optional<Path> webhookSecretFile();

        /** How often the incremental ticket events are read (Zendesk allows 10 such requests a minute). */
        @WithDefault("60s")
        Duration pollInterval();

        /** How far back polling looks at most, on the first start or a full scan (the webhook covers any age). */
        @WithDefault("7d")
        Duration lookback();

        /** The largest file Zendesk takes; a larger copy is reported on the case instead of uploaded. */
        @WithDefault("50M")
        MemorySize maxAttachmentSize();

        /** How the original is removed: {@code comment} (comment redaction) or {@code attachment} (legacy). */
        @WithDefault("comment")
        ZendeskCaseStore.Redaction redaction();

        /** How long one request may wait for Zendesk (a download: for each next byte). */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    private final ZendeskConfig config;
    private final ObjectMapper json;

    public ZendeskStoreFactory(ZendeskConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public String type() {
        return "zendesk";
    }

    @Override
    public CaseStore create() throws IOException {
        URI url = config.url().orElseThrow(() -> new IOException("set harwarden.store.zendesk.url"));
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IOException("harwarden.store.zendesk.url must be an http or https URL");
        }
        ZendeskHttp http = new ZendeskHttp(url, authorization(), config.requestTimeout(), json);
        Optional<InboundWebhook> webhook = Secrets.read(config.webhookSecret(), config.webhookSecretFile(),
                "harwarden.store.zendesk.webhook-secret").map(secret -> new ZendeskWebhook(secret, json));
        var settings = new ZendeskCaseStore.Settings(config.pollInterval(), config.lookback(),
                config.maxAttachmentSize().asLongValue(), config.redaction());
        return new ZendeskCaseStore(http, json, settings, webhook, Clock.systemUTC());
    }

    /** The Authorization header: an OAuth bearer token, or {@code {email}/token:{api token}} as Basic. */
    private String authorization() throws IOException {
        Optional<String> oauth = Secrets.read(config.oauthToken(), config.oauthTokenFile(),
                "harwarden.store.zendesk.oauth-token");
        if (oauth.isPresent()) {
            return "Bearer " + oauth.get();
        }
        Optional<String> token = Secrets.read(config.apiToken(), config.apiTokenFile(),
                "harwarden.store.zendesk.api-token");
        Optional<String> email = config.email().map(String::strip).filter(e -> !e.isEmpty());
        if (token.isEmpty() || email.isEmpty()) {
            throw new IOException("set harwarden.store.zendesk.email and api-token (or api-token-file), or "
                    + "oauth-token");
        }
        return "Basic " + Base64.getEncoder().encodeToString((email.get() + "/token:" + token.get())
                .getBytes(StandardCharsets.UTF_8));
    }
}
