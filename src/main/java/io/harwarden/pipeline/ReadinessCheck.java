package io.harwarden.pipeline;

import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.pgp.PgpEncryptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the case store answers and there are recipient keys to encrypt originals to. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    private final CaseStore store;
    private final PgpEncryptor encryptor;

    ReadinessCheck(CaseStore store, PgpEncryptor encryptor) {
        this.store = store;
        this.encryptor = encryptor;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("harwarden").withData("store", store.type())
                .withData("recipients", encryptor.recipients().size());
        try {
            store.changedSince(Instant.now());
            return response.up().build();
        } catch (CaseStoreException e) {
            return response.down().withData("reason", e.getMessage()).build();
        }
    }
}
