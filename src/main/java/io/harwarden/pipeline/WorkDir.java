package io.harwarden.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * The folder of spill files: a job's sanitized copy and encrypted original (never plaintext) until it is done, named
 * after the job, and the sanitizer's temporary files. What a killed process left there is removed at start.
 */
final class WorkDir {
    static final String SANITIZED_SUFFIX = ".sanitized.har";
    static final String ENCRYPTED_SUFFIX = ".har.pgp";
    private static final String TEMPORARY_PREFIX = ".harwarden-";

    private final Path dir;

    WorkDir(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path sanitizedSpill(String jobId) {
        return dir.resolve(jobId + SANITIZED_SUFFIX);
    }

    Path encryptedSpill(String jobId) {
        return dir.resolve(jobId + ENCRYPTED_SUFFIX);
    }

    /** A temporary file of the job's (removed at the next start if a process dies with it). */
    Path temporary(String jobId, String what) {
        return dir.resolve(TEMPORARY_PREFIX + jobId + "-" + what + ".part");
    }

    /** A file of this folder by the name {@link #resolve} takes. */
    String relative(Path file) {
        return dir.relativize(file).toString();
    }

    Path resolve(String spill) {
        return dir.resolve(spill);
    }

    /** Whether a spill still holds what was recorded (a spill of an uploaded output is no longer needed). */
    boolean intact(Job.Output output) throws IOException {
        if (output == null || output.attachmentId() != null) {
            return true;
        }
        Path spill = dir.resolve(output.spill());
        return Files.exists(spill) && Files.size(spill) == output.size() && output.sha256().equals(sha256(spill));
    }

    void deleteSpills(Job job) throws IOException {
        for (Job.Output output : new Job.Output[] {job.sanitized(), job.encrypted()}) {
            if (output != null) {
                Files.deleteIfExists(dir.resolve(output.spill()));
            }
        }
    }

    /**
     * Removes temporary files, and spills whose job is unknown or finished; {@code jobs} looks a job up. Returns how
     * many files went. Run before any file is processed.
     */
    int removeOrphans(Function<String, Optional<Job>> jobs) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String jobId = name.endsWith(SANITIZED_SUFFIX) ? name.substring(0, name.length() - SANITIZED_SUFFIX.length())
                        : name.endsWith(ENCRYPTED_SUFFIX) ? name.substring(0, name.length() - ENCRYPTED_SUFFIX.length())
                        : null;
                boolean orphan = name.startsWith(TEMPORARY_PREFIX) && name.endsWith(".part")
                        || jobId != null && jobs.apply(jobId).map(job -> job.step().finished()).orElse(true);
                if (orphan && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
