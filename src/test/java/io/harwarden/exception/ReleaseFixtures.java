package io.harwarden.exception;

import io.harwarden.pgp.PgpDecryptor;
import io.harwarden.pgp.RecipientKeys;
import io.harwarden.pgp.SecretKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A processed file with its original encrypted to the demo key (the custodian), and requests for it. */
public final class ReleaseFixtures {
    public static final String REQUESTER_FINGERPRINT;

    static {
        try {
            REQUESTER_FINGERPRINT = RecipientKeys.load(resource("x25519-public.asc")).get(0).fingerprint();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final ProcessedFileFixture file;
    public final byte[] encryptedOriginal;
    private final String requesterKey;

    public ReleaseFixtures(Path dir) throws Exception {
        file = new ProcessedFileFixture(dir, WorkflowFixture.JOB);
        encryptedOriginal = ProcessedFileFixture.encryptToDemoKey(file.original);
        requesterKey = Files.readString(resource("x25519-public.asc"));
    }

    public static Path resource(String key) {
        try {
            return Path.of(ReleaseFixtures.class.getResource("/keys/" + key).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SecretKeys demoCustodian() throws java.io.IOException, io.harwarden.pgp.KeyRejectedException {
        return SecretKeys.load(Path.of("keys-example/demo-secret.asc"),
                Files.readString(Path.of("keys-example/demo-passphrase.txt")).strip().toCharArray());
    }

    public static byte[] demoDecrypt(byte[] message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SecretKeys keys = demoCustodian()) {
            new PgpDecryptor(keys).decrypt(new ByteArrayInputStream(message), out);
        }
        return out.toByteArray();
    }

    /** Opens a release with the requester's secret key (x25519, the test passphrase). */
    public static byte[] openAsRequester(byte[] message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SecretKeys keys = SecretKeys.load(resource("x25519-secret.asc"), "test-passphrase".toCharArray())) {
            new PgpDecryptor(keys).decrypt(new ByteArrayInputStream(message), out);
        }
        return out.toByteArray();
    }

    /** An approved request as the workflow would hand it to the release. */
    public ExceptionRequest request(Scope scope, List<String> markers, List<Integer> entries) {
        Instant now = Instant.now();
        return new ExceptionRequest("r-" + scope.label(), WorkflowFixture.CASE, WorkflowFixture.JOB, "session.har",
                "carol", "Ticket 4711: the login call fails with 401", scope, markers, entries, null, requesterKey,
                REQUESTER_FINGERPRINT, RequestState.RELEASED, now, now.plusSeconds(3600),
                List.of(new Decision("bob", true, "ok", now)), now, 2);
    }
}
