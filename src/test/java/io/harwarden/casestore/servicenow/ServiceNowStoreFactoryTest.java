package io.harwarden.casestore.servicenow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.TestConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the daemon says at start when the ServiceNow settings are incomplete. */
class ServiceNowStoreFactoryTest {
    private record Settings(String url, String user, String password, String clientId, String clientSecret,
            String grant, List<String> tables) {
    }

    private static ServiceNowStoreFactory.ServiceNowConfig config(Settings s) {
        Map<String, String> properties = new HashMap<>(Map.of("harwarden.store.servicenow.request-timeout", "5s",
                "harwarden.store.servicenow.grant", s.grant(),
                "harwarden.store.servicenow.tables", String.join(",", s.tables())));
        put(properties, "url", s.url());
        put(properties, "username", s.user());
        put(properties, "password", s.password());
        put(properties, "client-id", s.clientId());
        put(properties, "client-secret", s.clientSecret());
        return TestConfig.mapping(ServiceNowStoreFactory.ServiceNowConfig.class, properties);
    }

    private static void put(Map<String, String> properties, String name, String value) {
        if (value != null) {
            properties.put("harwarden.store.servicenow." + name, value);
        }
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
