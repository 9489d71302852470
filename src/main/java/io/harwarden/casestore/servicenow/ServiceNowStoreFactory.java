package io.harwarden.casestore.servicenow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreFactory;
import io.harwarden.casestore.InboundWebhook;
import io.harwarden.casestore.http.HttpCalls;
import io.harwarden.casestore.http.Secrets;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Contributes the {@code servicenow} store. */
@ApplicationScoped
public class ServiceNowStoreFactory implements CaseStoreFactory {

    /** The ServiceNow store's settings (used with {@code harwarden.store.type=servicenow}). */
    @ConfigMapping(prefix = "harwarden.store.servicenow")
    public interface ServiceNowConfig {
        /** The instance's URL, such as {@code https://acme.service-now.com}; required for this store. */
        Optional<URI> url();

        /** The integration user's name (Basic sign-in, the OAuth password grant, and how outputs are told). */
        Optional<String> username();

        /** Its password; best given as {@code HARWARDEN_STORE_SERVICENOW_PASSWORD}. Never logged. */
        Optional<String> password();

        /** A file holding the password, used when {@code password} is not set. */
        Optional<Path> passwordFile();

        /** An OAuth client id: with it HAR Warden signs in with OAuth tokens instead of Basic credentials. */
        Optional<String> clientId();

        /** The OAuth client's secret. Never logged. */
        Optional<String> clientSecret();

        /** A file holding the OAuth client's secret, used when {@code client-secret} is not set. */
        Optional<Path> clientSecretFile();

        /** The OAuth grant: {@code password} (the user's) or {@code client-credentials} (if the instance allows). */
        @WithDefault("password")
        String grant();

        /** The tables whose records are cases (comma-separated). */
        @WithDefault("sn_customerservice_case")
        List<String> tables();

        /** The shared secret the business rule sends in {@code X-HarWarden-Webhook-Secret}; never logged. */
        Optional<String> webhookSecret();

        /** A file holding the webhook's shared secret, used when {@code webhook-secret} is not set. */
        Optional<Path> webhookSecretFile();

        /** How often the Attachment API is asked for new files. */
        @WithDefault("30s")
        Duration pollInterval();

        /** How far back polling looks at most, on the first start or a full scan. */
        @WithDefault("7d")
        Duration lookback();

        /** The instance's attachment limit ({@code com.glide.attachment.max_size}); a larger copy is reported. */
        @WithDefault("1024M")
        MemorySize maxAttachmentSize();

        /** How long one request may wait for ServiceNow (a download: for each next byte). */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    private final ServiceNowConfig config;
    private final ObjectMapper json;

    public ServiceNowStoreFactory(ServiceNowConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public String type() {
        return "servicenow";
    }

    @Override
    public CaseStore create() throws IOException {
        URI url = config.url().orElseThrow(() -> new IOException("set harwarden.store.servicenow.url"));
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IOException("harwarden.store.servicenow.url must be an http or https URL");
        }
        URI base = url.toString().endsWith("/") ? url : URI.create(url + "/");
        List<String> tables = config.tables().stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        if (tables.isEmpty() || !tables.stream().allMatch(t -> t.matches("[a-z][a-z0-9_]{0,79}"))) {
            throw new IOException("harwarden.store.servicenow.tables must name tables such as sn_customerservice_case");
        }
        String user = config.username().map(String::strip).filter(u -> !u.isEmpty()).orElseThrow(() ->
                new IOException("set harwarden.store.servicenow.username (the integration user)"));
        Optional<String> password = Secrets.read(config.password(), config.passwordFile(),
                "harwarden.store.servicenow.password");
        ServiceNowAuth auth;
        if (config.clientId().isPresent()) {
            String secret = Secrets.read(config.clientSecret(), config.clientSecretFile(),
                    "harwarden.store.servicenow.client-secret").orElseThrow(() -> new IOException(
                            "set harwarden.store.servicenow.client-secret (or client-secret-file) with client-id"));
            boolean passwordGrant = !"client-credentials".equals(config.grant());
            if (passwordGrant && password.isEmpty()) {
                throw new IOException("set harwarden.store.servicenow.password for the OAuth password grant");
            }
            auth = ServiceNowAuth.oauth(base, new HttpCalls("ServiceNow", config.requestTimeout(), json),
                    config.clientId().get(), secret, passwordGrant ? user : null, password.orElse(null));
        } else {
            auth = ServiceNowAuth.basic(user, password.orElseThrow(() -> new IOException(
                    "set harwarden.store.servicenow.password (or password-file), or an OAuth client-id")));
        }
        ServiceNowHttp http = new ServiceNowHttp(base, auth, config.requestTimeout(), json);
        Optional<InboundWebhook> webhook = Secrets.read(config.webhookSecret(), config.webhookSecretFile(),
                "harwarden.store.servicenow.webhook-secret").map(secret -> new ServiceNowWebhook(secret, json));
        var settings = new ServiceNowCaseStore.Settings(tables, user, config.pollInterval(), config.lookback(),
                config.maxAttachmentSize().asLongValue());
        return new ServiceNowCaseStore(http, json, settings, webhook, Clock.systemUTC());
    }
}
