package io.harwarden.casestore.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreFactory;
import io.harwarden.casestore.http.HttpCalls;
import io.harwarden.casestore.http.Secrets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Locale;
import java.util.Optional;

/** Contributes the {@code salesforce} store. */
@ApplicationScoped
public class SalesforceStoreFactory implements CaseStoreFactory {

    /** The Salesforce store's settings (used with {@code harwarden.store.type=salesforce}). */
    @ConfigMapping(prefix = "harwarden.store.salesforce")
    public interface SalesforceConfig {
        /** The org's My Domain URL, such as {@code https://acme.my.salesforce.com}; tokens are asked for there. */
        Optional<URI> url();

        /** The connected app's consumer key (client id); required. */
        Optional<String> clientId();

        /** The consumer secret, for the client-credentials flow; best given by the environment. Never logged. */
        Optional<String> clientSecret();

        /** A file holding the consumer secret, used when {@code client-secret} is not set. */
        Optional<Path> clientSecretFile();

        /** A PEM file with the app's RSA private key (PKCS#8 or PKCS#1, unencrypted): the JWT bearer flow. */
        Optional<Path> privateKeyFile();

        /** The user HAR Warden acts as in the JWT bearer flow (its Salesforce username). */
        Optional<String> username();

        /** The JWT bearer assertion's audience: {@code https://test.salesforce.com} for a sandbox. */
        @WithDefault("https://login.salesforce.com")
        String audience();

        /** The REST API version, such as {@code 60.0}. */
        @WithDefault("60.0")
        String apiVersion();

        /** Where the case note goes: {@code case-comment} (internal CaseComment) or {@code chatter} (internal post). */
        @WithDefault("case-comment")
        String note();

        /** Purge deleted originals from the recycle bin ({@code emptyRecycleBin}); off: they stay there 15 days. */
        @WithDefault("false")
        boolean purgeDeleted();

        /** The file extensions polling asks for: HAR Warden reads {@code .har}, and sniffs the others. */
        @WithDefault("har,json,txt,log")
        List<String> fileExtensions();

        /** How often Salesforce is asked for new files (every call counts against the org's daily API limit). */
        @WithDefault("60s")
        Duration pollInterval();

        /** How far back polling looks at most, on the first start or a full scan. */
        @WithDefault("7d")
        Duration lookback();

        /** The largest file the org takes (Salesforce Files: 2 GB); a larger copy is reported on the case. */
        @WithDefault("2G")
        MemorySize maxAttachmentSize();

        /** The share of the org's daily API requests (percent) at which HAR Warden warns. */
        @WithDefault("80")
        int apiUsageWarning();

        /** How long one request may wait for Salesforce (a download: for each next byte). */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    private final SalesforceConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public SalesforceStoreFactory(SalesforceConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public String type() {
        return "salesforce";
    }

    @Override
    public CaseStore create() throws IOException {
        URI url = config.url().orElseThrow(() -> new IOException("set harwarden.store.salesforce.url (the org's My "
                + "Domain URL)"));
        boolean loopback = url.getHost() != null && url.getHost().matches("localhost|127\\.0\\.0\\.1|\\[::1]");
        if (!"https".equals(url.getScheme()) && !("http".equals(url.getScheme()) && loopback)
                || url.getHost() == null) {
            throw new IOException("harwarden.store.salesforce.url must be an https URL (http only on this machine, "
                    + "for a test double): the secret and the tokens go over it");
        }
        URI home = url.toString().endsWith("/") ? url : URI.create(url + "/");
        String clientId = config.clientId().map(String::strip).filter(c -> !c.isEmpty()).orElseThrow(() ->
                new IOException("set harwarden.store.salesforce.client-id (the connected app's consumer key)"));
        if (!config.apiVersion().matches("\\d{2,3}\\.0")) {
            throw new IOException("harwarden.store.salesforce.api-version must be a version such as 60.0");
        }
        SalesforceCaseStore.NoteKind note = switch (config.note().strip()) {
            case "case-comment" -> SalesforceCaseStore.NoteKind.CASE_COMMENT;
            case "chatter" -> SalesforceCaseStore.NoteKind.CHATTER;
            default -> throw new IOException("harwarden.store.salesforce.note must be case-comment or chatter");
        };
        List<String> extensions = config.fileExtensions().stream().map(e -> e.strip().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty()).toList();
        if (extensions.isEmpty() || !extensions.stream().allMatch(e -> e.matches("[a-z0-9]{1,20}"))) {
            throw new IOException("harwarden.store.salesforce.file-extensions must list extensions such as har,json");
        }
        if (config.apiUsageWarning() < 1 || config.apiUsageWarning() > 100) {
            throw new IOException("harwarden.store.salesforce.api-usage-warning must be a percentage, 1 to 100");
        }
        HttpCalls calls = new HttpCalls("Salesforce", config.requestTimeout(), json);
        ApiUsage usage = new ApiUsage(config.apiUsageWarning() / 100.0);
        Gauge.builder("harwarden.salesforce.api.requests.used", usage, ApiUsage::used).description(
                "The org's API requests in the last 24 hours, as Salesforce last reported (-1 before the first call)")
                .register(metrics);
        Gauge.builder("harwarden.salesforce.api.requests.limit", usage, ApiUsage::limit).description(
                "The org's API request limit for 24 hours, as Salesforce last reported").register(metrics);
        SalesforceHttp http = new SalesforceHttp(home, auth(home, clientId, calls), config.apiVersion(), calls, json,
                usage);
        return new SalesforceCaseStore(http, json, new SalesforceCaseStore.Settings(note, config.purgeDeleted(),
                extensions, config.pollInterval(), config.lookback(), config.maxAttachmentSize().asLongValue()),
                Clock.systemUTC());
    }

    /** The JWT bearer flow when a private key is configured, else client credentials. */
    private SalesforceAuth auth(URI home, String clientId, HttpCalls calls) throws IOException {
        if (config.privateKeyFile().isPresent()) {
            String user = config.username().map(String::strip).filter(u -> !u.isEmpty()).orElseThrow(() ->
                    new IOException("set harwarden.store.salesforce.username for the JWT bearer flow"));
            return SalesforceAuth.jwtBearer(home, calls, clientId, user, config.audience().strip(),
                    PemKeys.rsaPrivateKey(config.privateKeyFile().get(), "harwarden.store.salesforce.private-key-file"),
                    Clock.systemUTC());
        }
        String secret = Secrets.read(config.clientSecret(), config.clientSecretFile(),
                "harwarden.store.salesforce.client-secret").orElseThrow(() -> new IOException("set harwarden.store."
                        + "salesforce.client-secret (or client-secret-file), or private-key-file for the JWT bearer "
                        + "flow"));
        return SalesforceAuth.clientCredentials(home, calls, clientId, secret);
    }
}
