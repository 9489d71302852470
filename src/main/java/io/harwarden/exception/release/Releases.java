package io.harwarden.exception.release;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.harwarden.exception.ExceptionRequest;
import io.harwarden.exception.ProcessedFile;
import io.harwarden.exception.Scope;
import io.harwarden.har.Cancellation;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizeException;
import io.harwarden.pgp.DecryptionException;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.KeyRejectedException;
import io.harwarden.pgp.PgpDecryptor;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.Recipient;
import io.harwarden.pgp.RecipientKeys;
import io.harwarden.pgp.SecretKeys;
import io.harwarden.pgp.SessionKeyRewrap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Makes what an approved request releases, encrypted to the requester's own key, straight into the response: the
 * values behind its markers (the original decrypted in memory and sanitized again with the file's marker key), its
 * entries (the original decrypted in memory, the chosen entries copied), or the whole file (only the session key is
 * re-wrapped; the data is never decrypted here). Plaintext never touches a disk or a log.
 */
public final class Releases {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /** The custodian's private key, opened for one release and closed after it. */
    @FunctionalInterface
    public interface Custodian {
        SecretKeys open() throws IOException, KeyRejectedException;
    }

    /** What reached the requester: the key it is encrypted to, and the SHA-256 and size of the bytes sent. */
    public record Delivered(String recipient, String sha256, long bytes) {
    }

    private final HarSanitizer sanitizer;
    /** Null when no custodian key is configured. */
    private final Custodian custodian;
    private final Clock clock;

    public Releases(HarSanitizer sanitizer, Custodian custodian, Clock clock) {
        this.sanitizer = sanitizer;
        this.custodian = custodian;
        this.clock = clock;
    }

    /** Whether this daemon holds a custodian key; without one, a key custodian releases with the CLI. */
    public boolean available() {
        return custodian != null;
    }

    /** Writes the release of {@code request} for {@code file}, read from its encrypted original, to {@code out}. */
    public Delivered write(ExceptionRequest request, ProcessedFile file, InputStream encryptedOriginal,
            OutputStream out) throws IOException {
        List<Recipient> requester;
        try {
            requester = RecipientKeys.load(new ByteArrayInputStream(request.requesterKey()
                    .getBytes(StandardCharsets.UTF_8)), "the requester's key", clock.instant());
        } catch (KeyRejectedException e) {
            throw new IOException(e.getMessage(), e); // the key was valid when asked; it may have expired since
        }
        if (custodian == null) {
            throw new IOException("no custodian key is configured here: a key custodian releases with the CLI");
        }
        Hashed sent = new Hashed(out);
        try (SecretKeys keys = custodian.open()) {
            if (request.scope() == Scope.FILE) {
                SessionKeyRewrap.rewrap(encryptedOriginal, keys, requester, sent);
            } else {
                PgpEncryptor encryptor = new PgpEncryptor(requester, EncryptionOptions.DEFAULT);
                String name = "release-" + request.id() + (request.scope() == Scope.MARKERS ? ".json" : ".har");
                try (PgpEncryptor.PlaintextSink plain = encryptor.open(sent, name, clock.instant());
                        InputStream original = new DecryptedOriginal(encryptedOriginal, keys)) {
                    content(request, file, keys, original, plain);
                    encryptedOriginal.transferTo(OutputStream.nullOutputStream()); // and the source's own checks
                }
            }
        } catch (KeyRejectedException | DecryptionException e) {
            throw new IOException("the custodian key cannot open this original: " + e.getMessage(), e);
        }
        sent.flush();
        return new Delivered(requester.get(0).fingerprint(), sent.sha256(), sent.bytes);
    }

    /**
     * The release as plaintext, for deployments that allow it ({@code harwarden.exceptions.plaintext-download}): the
     * same content, not encrypted, straight into the response (TLS is the deployment's).
     */
    public Delivered writePlaintext(ExceptionRequest request, ProcessedFile file, InputStream encryptedOriginal,
            OutputStream out) throws IOException {
        if (custodian == null) {
            throw new IOException("no custodian key is configured here: a key custodian releases with the CLI");
        }
        Hashed sent = new Hashed(out);
        try (SecretKeys keys = custodian.open(); InputStream original = new DecryptedOriginal(encryptedOriginal, keys)) {
            if (request.scope() == Scope.FILE) {
                original.transferTo(sent);
            } else {
                content(request, file, keys, original, sent);
            }
            encryptedOriginal.transferTo(OutputStream.nullOutputStream());
        } catch (KeyRejectedException | DecryptionException e) {
            throw new IOException("the custodian key cannot open this original: " + e.getMessage(), e);
        }
        sent.flush();
        return new Delivered("plaintext", sent.sha256(), sent.bytes);
    }

    /** The marker values or entries of the scope, read from the plaintext original, written to {@code sink}. */
    private void content(ExceptionRequest request, ProcessedFile file, SecretKeys keys, InputStream original,
            OutputStream sink) throws IOException, DecryptionException {
        try {
            if (request.scope() == Scope.MARKERS) {
                markers(request, file, keys, original, sink);
            } else {
                EntrySelection.write(original, new HashSet<>(request.entries()), request.id(), sink);
            }
        } catch (JsonProcessingException e) { // its message may quote the original: never pass it on
            throw new IOException("the original cannot be read as a HAR (damaged or tampered)");
        }
        original.transferTo(OutputStream.nullOutputStream()); // to the end: the integrity check
    }

    private void markers(ExceptionRequest request, ProcessedFile file, SecretKeys keys, InputStream original,
            OutputStream plain) throws IOException, DecryptionException {
        ByteArrayOutputStream key = new ByteArrayOutputStream(32);
        new PgpDecryptor(keys).decrypt(new ByteArrayInputStream(file.manifest().markerKey()), key);
        byte[] markerKey = key.toByteArray();
        try {
            writeMarkerValues(sanitizer, original, markerKey, request.markers(), Map.of("release", request.id(),
                    "case", request.caseId(), "file", request.fileName()), plain);
        } finally {
            Arrays.fill(markerKey, (byte) 0);
        }
    }

    /**
     * The values behind {@code markers} in a plaintext original, as JSON ({@code {"values": {marker: [value]}}} with
     * the {@code labels} beside), for the daemon's release and for a custodian's CLI.
     */
    public static void writeMarkerValues(HarSanitizer sanitizer, InputStream original, byte[] markerKey,
            List<String> markers, Map<String, String> labels, OutputStream plain) throws IOException {
        Map<String, List<String>> values;
        try {
            values = sanitizer.reveal(original, markerKey, new HashSet<>(markers), new Cancellation());
        } catch (SanitizeException e) {
            throw new IOException("the original cannot be read again: " + e.getMessage(), e);
        }
        try (JsonGenerator g = JSON.createGenerator(plain)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (Map.Entry<String, String> label : new java.util.TreeMap<>(labels).entrySet()) {
                g.writeStringField(label.getKey(), label.getValue());
            }
            g.writeObjectFieldStart("values");
            for (String marker : markers) {
                g.writeArrayFieldStart(marker);
                for (String value : values.getOrDefault(marker, List.of())) {
                    g.writeString(value);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** The chosen entries of a plaintext original as a HAR (see {@link EntrySelection}); returns how many. */
    public static int writeEntries(InputStream original, java.util.Set<Integer> entries, String releaseId,
            OutputStream plain) throws IOException {
        return EntrySelection.write(original, entries, releaseId, plain);
    }

    /** A plaintext view of an encrypted original, decrypted in memory as it is read. */
    public static InputStream decrypting(InputStream encrypted, SecretKeys keys) throws IOException {
        return new DecryptedOriginal(encrypted, keys);
    }

    /** Counts and hashes what is sent. */
    private static final class Hashed extends FilterOutputStream {
        private final MessageDigest digest;
        long bytes;

        Hashed(OutputStream out) {
            super(out);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            bytes += len;
        }

        @Override
        public void close() {
            // the response belongs to the caller
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
