package io.harwarden.casestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.jira.JiraCaseStore;
import io.harwarden.casestore.jira.JiraStoreFactory;
import io.harwarden.casestore.salesforce.SalesforceStoreFactory;
import io.harwarden.casestore.servicenow.ServiceNowStoreFactory;
import io.harwarden.casestore.zendesk.ZendeskCaseStore;
import io.harwarden.casestore.zendesk.ZendeskStoreFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.SmallRyeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hosted stores are chosen and set up by configuration only: the property names and values the README gives
 * (as an operator writes them, hyphens and units included) reach each store through the real config mappings.
 */
class HostedStoreSettingsTest {
    private static SmallRyeConfig config(Map<String, String> properties, Class<?>... mappings) {
        return TestConfig.of(properties, mappings);
    }

    private static CaseStore select(String type, SmallRyeConfig config) {
        ObjectMapper json = new ObjectMapper();
        List<CaseStoreFactory> factories = List.of(
                new ZendeskStoreFactory(config.getConfigMapping(ZendeskStoreFactory.ZendeskConfig.class), json),
                new JiraStoreFactory(config.getConfigMapping(JiraStoreFactory.JiraConfig.class), json),
                new ServiceNowStoreFactory(config.getConfigMapping(ServiceNowStoreFactory.ServiceNowConfig.class),
                        json),
                new SalesforceStoreFactory(config.getConfigMapping(SalesforceStoreFactory.SalesforceConfig.class),
                        json, new SimpleMeterRegistry()));
        return CaseStoreProducer.select(type, factories);
    }

    private static final Class<?>[] MAPPINGS = {ZendeskStoreFactory.ZendeskConfig.class,
            JiraStoreFactory.JiraConfig.class, ServiceNowStoreFactory.ServiceNowConfig.class,
            SalesforceStoreFactory.SalesforceConfig.class};

    @Test
    void eachHostedStoreStartsFromItsDocumentedProperties() {
        SmallRyeConfig config = config(Map.ofEntries(
                Map.entry("harwarden.store.zendesk.url", "https://acme.zendesk.com"),
                Map.entry("harwarden.store.zendesk.email", "harwarden@acme.example"),
                Map.entry("harwarden.store.zendesk.api-token", "t0ken"),
                Map.entry("harwarden.store.zendesk.redaction", "attachment"),
                Map.entry("harwarden.store.zendesk.max-attachment-size", "20M"),
                Map.entry("harwarden.store.zendesk.poll-interval", "2m"),
                Map.entry("harwarden.store.jira.url", "https://acme.atlassian.net"),
                Map.entry("harwarden.store.jira.personal-access-token", "pat"),
                Map.entry("harwarden.store.jira.comments", "restricted"),
                Map.entry("harwarden.store.jira.deployment", "data-center"),
                Map.entry("harwarden.store.jira.projects", "SUP,OPS"),
                Map.entry("harwarden.store.servicenow.url", "https://acme.service-now.com"),
                Map.entry("harwarden.store.servicenow.username", "harwarden.integration"),
                Map.entry("harwarden.store.servicenow.password", "pw"),
                Map.entry("harwarden.store.servicenow.tables", "sn_customerservice_case,incident"),
                Map.entry("harwarden.store.servicenow.grant", "client-credentials"),
                Map.entry("harwarden.store.salesforce.url", "https://acme.my.salesforce.com"),
                Map.entry("harwarden.store.salesforce.client-id", "3MVG9consumer"),
                Map.entry("harwarden.store.salesforce.client-secret", "consumer-secret"),
                Map.entry("harwarden.store.salesforce.purge-deleted", "true")), MAPPINGS);

        CaseStore zendesk = select("zendesk", config);
        assertEquals("zendesk:https://acme.zendesk.com/", zendesk.identity());
        assertEquals(Duration.ofMinutes(2), zendesk.pollInterval());
        assertEquals("Jira at https://acme.atlassian.net/, projects [SUP, OPS]", select("jira", config).toString());
        assertEquals("ServiceNow at https://acme.service-now.com/, tables [sn_customerservice_case, incident]",
                select(" servicenow ", config).toString());
        CaseStore salesforce = select("salesforce", config);
        assertEquals("Salesforce at https://acme.my.salesforce.com/", salesforce.toString());
        assertEquals(Duration.ofSeconds(60), salesforce.pollInterval());
        assertTrue(salesforce.capabilities().contains(Capability.TRUE_DELETE), "purge-deleted=true");
        assertEquals(ZendeskCaseStore.Redaction.ATTACHMENT, config.getConfigMapping(
                ZendeskStoreFactory.ZendeskConfig.class).redaction());
        assertEquals(JiraCaseStore.Deployment.DATA_CENTER, config.getConfigMapping(JiraStoreFactory.JiraConfig.class)
                .deployment());
        assertEquals(20L << 20, config.getConfigMapping(ZendeskStoreFactory.ZendeskConfig.class).maxAttachmentSize()
                .asLongValue());
    }
}
