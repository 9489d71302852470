package io.harwarden.pipeline;

import io.harwarden.har.RedactionManifest;
import io.harwarden.pgp.PgpEncryptor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.zip.GZIPOutputStream;

/**
 * Keeps a job's manifest beside it: read from its sanitized copy, with the marker key encrypted by the same encryptor
 * (to the same recipients) as the original. The plain key never leaves memory.
 */
final class ManifestKeeper {
    private final JobJournal journal;
    private final PgpEncryptor encryptor;
    private final Clock clock;

    ManifestKeeper(JobJournal journal, PgpEncryptor encryptor, Clock clock) {
        this.journal = journal;
        this.encryptor = encryptor;
        this.clock = clock;
    }

    void keep(Job job, Path sanitizedCopy, byte[] markerKey) throws IOException {
        ByteArrayOutputStream manifest = new ByteArrayOutputStream();
        RedactionManifest.Summary summary;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(sanitizedCopy), 1 << 16);
                GZIPOutputStream out = new GZIPOutputStream(manifest, 1 << 16)) {
            summary = RedactionManifest.write(in, out);
        }
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        encryptor.encrypt(new ByteArrayInputStream(markerKey), key, "marker-key", clock.instant());
        journal.saveManifest(new StoredManifest(job.id(), summary.redactions(), summary.byCategory(),
                summary.expiredJwts(), summary.entries(), manifest.toByteArray(), key.toByteArray(), clock.instant()));
    }
}
