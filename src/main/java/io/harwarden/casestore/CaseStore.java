package io.harwarden.casestore;

import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What HAR Warden needs from a case system. Implementations are chosen at runtime by
 * {@code harwarden.store.type}; each is thread-safe.
 *
 * <p>The calling order for one HAR file is: {@link #attachments} or {@link #changedSince} (detect),
 * {@link #open} (read the original once), {@link #upload} twice (sanitized copy, encrypted original), {@link #delete}
 * (the plaintext, only after both uploads were verified) and {@link #appendNote}.
 *
 * <p>Idempotency: {@link #delete} of a missing attachment succeeds, and {@link #appendNote} with a key already on the
 * case writes nothing, so a step can always be re-run. {@link #upload} is not idempotent by itself: callers look for
 * an earlier upload among {@link #attachments} first. Failures are {@link CaseStoreException}s whose kind says
 * whether to retry.
 */
public interface CaseStore {

    /** The configuration name of this store ({@code filesystem}, {@code redmine}, ...). */
    String type();

    /**
     * Which store this is, not only which kind: a folder's real path, a case system's URL. Jobs, outputs and detection
     * cursors are kept under it, so two stores with the same case and file names never share a record.
     */
    default String identity() {
        return type();
    }

    /** A short key for {@link #identity()}, fit for a database column and a file name: 16 hex digits of its SHA-256. */
    default String key() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(identity().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Set<Capability> capabilities();

    /** The attachments of one case, in the store's order. */
    List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException;

    /**
     * Attachments added or changed at or after {@code since} on any watched case. Stores may return more (an
     * overlapping window, or everything where a change time is not reliable), never less; callers deduplicate.
     */
    List<AttachmentRef> changedSince(Instant since) throws CaseStoreException;

    /** The attachment's bytes; the caller closes the stream. */
    InputStream open(AttachmentRef attachment) throws CaseStoreException;

    /** Attaches {@code content} (exactly {@code upload.length()} bytes) to the case. */
    Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException;

    /**
     * Removes the attachment; an attachment that is already gone counts as deleted, and so does one whose id now
     * holds another upload (another {@link AttachmentRef#revision()}), which is left alone.
     */
    void delete(AttachmentRef attachment) throws CaseStoreException;

    /** Appends an internal note, once per key. */
    void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException;

    /**
     * The account HAR Warden acts as, in the terms of {@link AttachmentRef#uploader()}, for stores that name
     * uploaders. An attachment this account uploaded with HAR Warden's mark is known as an output even when the
     * journal is lost; no customer can upload as this account.
     */
    default Optional<String> ownAccount() throws CaseStoreException {
        return Optional.empty();
    }

    /** The least time between two scans of this store (a remote API is polled less often than a folder). */
    default Duration pollInterval() {
        return Duration.ZERO;
    }

    /**
     * For stores that can push change notifications: calls {@code changed}, on a thread of the store's, whenever an
     * attachment may have appeared or changed. A hint only: notifications can be lost, so detection still scans.
     * Returns what stops the notifications, or nothing when the store cannot notify.
     */
    default Optional<Closeable> watch(Runnable changed) throws CaseStoreException {
        return Optional.empty();
    }

    /**
     * For stores whose system can push change notifications to HAR Warden's webhook endpoint: how it signs and words
     * them. Empty when it cannot, or when no shared secret is configured.
     */
    default Optional<InboundWebhook> webhook() {
        return Optional.empty();
    }
}
