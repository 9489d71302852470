package io.harwarden.pipeline;

import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.KeyRejectedException;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.Recipient;
import io.harwarden.pgp.RecipientKeys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads and checks the recipient keys when the daemon starts: a revoked, expired, weak or signing-only key stops the
 * start with a message naming the key and the reason, rather than failing at the first upload.
 */
@ApplicationScoped
public class EncryptorProducer {
    private static final Logger LOG = Logger.getLogger(EncryptorProducer.class);

    @Produces
    @Startup
    @ApplicationScoped
    PgpEncryptor encryptor(PgpConfig config, @ConfigProperty(name = "harwarden.store.type") String storeType,
            @ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false") boolean postgres) {
        List<Recipient> recipients = recipients(config.recipients());
        DemoKeyGuard.check(recipients, config.allowDemoKey(), storeType, postgres);
        for (Recipient r : recipients) {
            LOG.infof("encrypting originals to %s (encryption key %s, from %s)", r, r.encryptionKeyFingerprint(),
                    r.source());
        }
        return new PgpEncryptor(recipients, new EncryptionOptions(config.armor(), config.compressionLevel(),
                config.aead()));
    }

    static List<Recipient> recipients(List<String> files) {
        List<Recipient> all = new ArrayList<>();
        for (String file : files) {
            try {
                all.addAll(RecipientKeys.load(Path.of(file.trim())));
            } catch (KeyRejectedException | IOException e) {
                throw new IllegalStateException("harwarden.pgp.recipients: " + e.getMessage(), null);
            }
        }
        return all;
    }
}
