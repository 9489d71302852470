package io.harwarden.casestore.servicenow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStore;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the daemon says at start when the ServiceNow settings are incomplete. */
class ServiceNowStoreFactoryTest {
    private record Settings(String url, String user, String password, String clientId, String clientSecret,
            String grant, List<String> tables) {
    }

    private static ServiceNowStoreFactory.ServiceNowConfig config(Settings s) {
        return new ServiceNowStoreFactory.ServiceNowConfig() {
            @Override
            public Optional<URI> url() {
                return Optional.ofNullable(s.url()).map(URI::create);
            }

            @Override
            public Optional<String> username() {
                return Optional.ofNullable(s.user());
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(s.password());
            }

            @Override
            public Optional<Path> passwordFile() {
                return Optional.empty();
            }

            @Override
            public Optional<String> clientId() {
                return Optional.ofNullable(s.clientId());
            }

            @Override
            public Optional<String> clientSecret() {
                return Optional.ofNullable(s.clientSecret());
            }

            @Override
            public Optional<Path> clientSecretFile() {
                return Optional.empty();
            }

            @Override
            public String grant() {
                return s.grant();
            }

            @Override
            public List<String> tables() {
                return s.tables();
            }

            @Override
            public Optional<String> webhookSecret() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> webhookSecretFile() {
                return Optional.empty();
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration lookback() {
                return Duration.ofDays(7);
            }

            @Override
            public MemorySize maxAttachmentSize() {
                return new MemorySize(BigInteger.valueOf(1L << 30));
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(5);
            }
        };
    }

    private static CaseStore create(Settings s) throws IOException {
        return new ServiceNowStoreFactory(config(s), new ObjectMapper()).create();
    }

    private static String failure(Settings s) {
        return assertThrows(IOException.class, () -> create(s)).getMessage();
    }

    private static final List<String> CASES = List.of("sn_customerservice_case");

    @Test
    void eachMissingOrBadSettingIsNamedInOneLine() {
        assertEquals("set harwarden.store.servicenow.url",
                failure(new Settings(null, "u", "p", null, null, "password", CASES)));
        assertEquals("set harwarden.store.servicenow.username (the integration user)",
                failure(new Settings("https://acme.service-now.com", null, "p", null, null, "password", CASES)));
        assertEquals("set harwarden.store.servicenow.password (or password-file), or an OAuth client-id",
                failure(new Settings("https://acme.service-now.com", "u", null, null, null, "password", CASES)));
        assertEquals("set harwarden.store.servicenow.client-secret (or client-secret-file) with client-id",
                failure(new Settings("https://acme.service-now.com", "u", "p", "c", null, "password", CASES)));
        assertEquals("harwarden.store.servicenow.tables must name tables such as sn_customerservice_case",
                failure(new Settings("https://acme.service-now.com", "u", "p", null, null, "password",
                        List.of("incident^ORDERBY"))));
    }

    @Test
    void theStoreNamesItsInstanceAndTablesAndNoCredential() throws Exception {
        CaseStore store = create(new Settings("https://acme.service-now.com", "harwarden.integration", "s3cret-pw",
                "client", "client-s3cret", "client-credentials", List.of("sn_customerservice_case", " incident ")));
        assertEquals("ServiceNow at https://acme.service-now.com/, tables [sn_customerservice_case, incident]",
                store.toString());
        assertEquals(Optional.of("harwarden.integration"), store.ownAccount());
        assertFalse(store.toString().contains("s3cret"));
    }
}
