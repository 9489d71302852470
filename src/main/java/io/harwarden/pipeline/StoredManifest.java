package io.harwarden.pipeline;

import io.harwarden.har.RedactionManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What a job's sanitized copy redacted (see {@link RedactionManifest}), kept beside the job for exception requests,
 * with the file's marker key encrypted to the original's recipients: whoever can decrypt the original can map a
 * marker back to its value, nobody else.
 *
 * @param entries how many entries the sanitized copy holds
 * @param manifestGzip the manifest's JSON lines, gzipped
 * @param markerKey an OpenPGP message holding the 32-byte marker key
 */
public record StoredManifest(String jobId, long redactions, Map<String, Long> byCategory, long expiredJwts,
        int entries, byte[] manifestGzip, byte[] markerKey, Instant createdAt) {
    private static final byte[] EMPTY_GZIP = emptyGzip();

    public StoredManifest {
        byCategory = Map.copyOf(new TreeMap<>(byCategory));
    }

    /** The manifest of a file without a sanitized copy (or processed before manifests were kept): nothing listed. */
    public static StoredManifest none(String jobId) {
        return new StoredManifest(jobId, 0, Map.of(), 0, 0, EMPTY_GZIP, new byte[0], Instant.EPOCH);
    }

    private static byte[] emptyGzip() {
        try {
            ByteArrayOutputStream empty = new ByteArrayOutputStream();
            new GZIPOutputStream(empty).close();
            return empty.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the redactions, in the order of the copy. */
    public void redactions(Consumer<RedactionManifest.Redaction> each) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(manifestGzip))) {
            RedactionManifest.read(in, each);
        } catch (IOException e) {
            throw new UncheckedIOException("the manifest of job " + jobId + " is unreadable", e);
        }
    }
}
