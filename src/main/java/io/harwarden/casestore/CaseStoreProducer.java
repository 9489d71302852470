package io.harwarden.casestore;

import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/** Chooses the case store at start-up by its configured name, so that one build serves every deployment. */
@ApplicationScoped
public class CaseStoreProducer {
    private static final Logger LOG = Logger.getLogger(CaseStoreProducer.class);

    /** Which case system HAR Warden watches. */
    @ConfigMapping(prefix = "harwarden.store")
    public interface StoreConfig {
        /**
         * The store's name: {@code filesystem} (the embedded default), {@code redmine}, {@code zendesk},
         * {@code jira}, {@code servicenow} or {@code salesforce}. An unknown name stops the start.
         */
        @WithDefault("filesystem")
        String type();
    }

    @Produces
    @Startup
    @ApplicationScoped
    CaseStore store(StoreConfig config, Instance<CaseStoreFactory> factories) {
        return select(config.type(), StreamSupport.stream(factories.spliterator(), false).toList());
    }

    static CaseStore select(String type, List<CaseStoreFactory> factories) {
        for (CaseStoreFactory factory : factories) {
            if (factory.type().equals(type.trim())) {
                try {
                    CaseStore store = factory.create();
                    LOG.infof("watching the %s case store", store.type());
                    return store;
                } catch (IOException e) {
                    throw new IllegalStateException("harwarden.store.type=" + type + ": cannot open the store: "
                            + e.getMessage(), null);
                }
            }
        }
        String known = factories.stream().map(CaseStoreFactory::type).sorted().collect(Collectors.joining(", "));
        throw new IllegalStateException("harwarden.store.type=" + type + " is not a known case store (known: " + known
                + ")");
    }
}
