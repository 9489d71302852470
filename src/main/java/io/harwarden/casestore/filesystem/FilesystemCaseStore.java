package io.harwarden.casestore.filesystem;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.Capability;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import io.harwarden.files.FileNames;

/**
 * The embedded default store: a folder per case under a root, attachments are the regular files in it, and notes are
 * appended to {@code .harwarden/notes.md} in the case folder. Never follows a symbolic link, never writes outside the
 * root, and refuses names with path separators or {@code ..}. Dot files and {@code .part}/{@code .tmp} files are not
 * attachments (uploads in progress, and this store's own state).
 *
 * <p>Names are UTF-8 whatever the locale (see {@link FileNames}). An id is the file's name, or, for a name whose bytes
 * are not UTF-8, {@code /} and the percent-encoded bytes (no name holds a slash). A name is reused when a file is
 * replaced, so each attachment carries the file's inode as its version.
 */
public final class FilesystemCaseStore implements CaseStore {
    static final String STATE_DIR = ".harwarden";
    /** Starts an id that gives a name's bytes, percent-encoded, because the name is not UTF-8. */
    private static final String RAW = "/";
    static final String NOTES_FILE = "notes.md";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private static final String UPLOAD_PREFIX = ".harwarden-upload-";

    private final Path root;

    public FilesystemCaseStore(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
    }

    /**
     * Removes upload files a killed process left in the case folders (they are hidden from every listing, but they
     * would pile up). Called at start, before this process uploads anything: one daemon serves a folder of cases.
     */
    public void removeOrphanUploads() throws CaseStoreException {
        for (CaseId caseId : cases()) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(caseDir(caseId), UPLOAD_PREFIX + "*.part")) {
                for (Path file : files) {
                    if (Files.isRegularFile(file, NOFOLLOW)) {
                        deleteQuietly(file);
                    }
                }
            } catch (IOException e) {
                // a case folder that cannot be listed now is listed again at the next start
            }
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String type() {
        return "filesystem";
    }

    @Override
    public String identity() {
        return "filesystem:" + root.toUri();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.TRUE_DELETE, Capability.PRIVATE_NOTES, Capability.REPORTS_SHA256);
    }

    @Override
    public List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException {
        Path dir = caseDir(caseId);
        List<AttachmentRef> result = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = FileNames.name(file);
                BasicFileAttributes attrs = isAttachmentName(name) ? attributes(file) : null;
                if (attrs != null && attrs.isRegularFile()) {
                    result.add(reference(caseId, id(file, name), name, attrs, ""));
                }
            }
        } catch (NoSuchFileException e) {
            throw new CaseStoreException.NotFound("case " + caseId + " does not exist");
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot list case " + caseId + ": " + reason(e), e);
        }
        result.sort(Comparator.comparing(AttachmentRef::name));
        return result;
    }

    /**
     * Every attachment, whatever {@code since} says: a file moved into a case folder keeps its old modification
     * time, so that time cannot tell what is new. Listing folders is cheap.
     */
    @Override
    public List<AttachmentRef> changedSince(Instant since) throws CaseStoreException {
        List<AttachmentRef> result = new ArrayList<>();
        for (CaseId caseId : cases()) {
            try {
                result.addAll(attachments(caseId));
            } catch (CaseStoreException.NotFound gone) {
                // the case folder was removed while scanning
            }
        }
        return result;
    }

    @Override
    public Optional<Closeable> watch(Runnable changed) throws CaseStoreException {
        try {
            return Optional.of(new FolderWatch(root, changed));
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot watch " + root + ": " + reason(e), e);
        }
    }

    /** Every case folder under the root (symbolic links and dot folders excluded). */
    public List<CaseId> cases() throws CaseStoreException {
        List<CaseId> result = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = FileNames.name(dir);
                if (Files.isDirectory(dir, NOFOLLOW) && !name.startsWith(".")) {
                    result.add(new CaseId(id(dir, name)));
                }
            }
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot list cases under " + root + ": " + reason(e), e);
        }
        result.sort(Comparator.comparing(CaseId::value));
        return result;
    }

    @Override
    public InputStream open(AttachmentRef attachment) throws CaseStoreException {
        Path file = attachmentPath(attachment.caseId(), attachment.id());
        try {
            return Channels.newInputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.READ, NOFOLLOW)));
        } catch (NoSuchFileException e) {
            throw new CaseStoreException.NotFound("attachment " + attachment.name() + " is gone from case "
                    + attachment.caseId());
        } catch (IOException e) {
            // O_NOFOLLOW makes opening a symbolic link fail with ELOOP, reported as a FileSystemException
            throw new CaseStoreException.Rejected("cannot open " + attachment.name() + " on case "
                    + attachment.caseId() + ": " + reason(e));
        }
    }

    /**
     * Writes to a dot file beside the target, then moves it into place, so a reader never sees half a file. The dot
     * file's name is short and random: a name near the length limit still fits, and a file a killed upload left
     * behind never blocks the next one.
     */
    @Override
    public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
        Path target = inside(caseDir(caseId), safeName(upload.name(), "file name"), "file name");
        Path temp = target.resolveSibling(UPLOAD_PREFIX + UUID.randomUUID() + ".part");
        MessageDigest sha256 = sha256();
        try {
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, NOFOLLOW), sha256)) {
                long copied = copy(content, out);
                if (copied != upload.length()) {
                    throw new CaseStoreException.Rejected("upload " + upload.name() + " announced " + upload.length()
                            + " bytes but carried " + copied);
                }
            }
            publish(temp, target, caseId, upload.name());
            BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class, NOFOLLOW);
            return new Uploaded(reference(caseId, upload.name(), upload.name(), attrs, upload.description()),
                    HexFormat.of().formatHex(sha256.digest()));
        } catch (FileAlreadyExistsException e) {
            throw new CaseStoreException.Transient("an upload of " + upload.name() + " is already in progress", e);
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot upload " + upload.name() + " to case " + caseId + ": "
                    + reason(e), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Deletes the file if it is still the upload that was read (same inode, size and time); another is left. */
    @Override
    public void delete(AttachmentRef attachment) throws CaseStoreException {
        Path file = attachmentPath(attachment.caseId(), attachment.id());
        try {
            if (Files.isSymbolicLink(file)) {
                throw new CaseStoreException.Rejected("refusing to delete the symbolic link " + attachment.name());
            }
            BasicFileAttributes attrs = attributes(file);
            if (attrs != null && reference(attachment.caseId(), attachment.id(), attachment.name(), attrs, "")
                    .revision().equals(attachment.revision())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot delete " + attachment.name() + " from case "
                    + attachment.caseId() + ": " + reason(e), e);
        }
    }

    /**
     * Appends the note to {@code .harwarden/notes.md}, each under a {@code <!-- note KEY -->} line that makes
     * appending the same key again a no-op.
     */
    @Override
    public void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException {
        Path stateDir = caseDir(caseId).resolve(STATE_DIR);
        Path notes = stateDir.resolve(NOTES_FILE);
        String marker = "<!-- note " + key.value() + " -->";
        try {
            if (Files.isSymbolicLink(stateDir) || Files.isSymbolicLink(notes)) {
                throw new CaseStoreException.Rejected("refusing to write notes through a symbolic link on case " + caseId);
            }
            Files.createDirectories(stateDir);
            if (Files.exists(notes, NOFOLLOW) && Files.readString(notes, StandardCharsets.UTF_8).contains(marker)) {
                return;
            }
            String entry = marker + "\n" + text.strip() + "\n\n";
            Files.writeString(notes, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, NOFOLLOW);
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot write the note on case " + caseId + ": " + reason(e), e);
        }
    }

    /** The notes written so far on a case, as a person reads them (empty when there are none). */
    public String notes(CaseId caseId) throws CaseStoreException {
        Path notes = caseDir(caseId).resolve(STATE_DIR).resolve(NOTES_FILE);
        try {
            return Files.exists(notes, NOFOLLOW) ? Files.readString(notes, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot read the notes of case " + caseId + ": " + reason(e), e);
        }
    }

    static boolean isAttachmentName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return !name.startsWith(".") && !lower.endsWith(".part") && !lower.endsWith(".tmp")
                && !lower.endsWith(".crdownload");
    }

    /** Copies in 64 KiB steps ({@code transferTo} uses 8 KiB, which costs a system call per 8 KiB here). */
    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; total += n) {
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static AttachmentRef reference(CaseId caseId, String id, String name, BasicFileAttributes attrs,
            String description) {
        Object inode = attrs.fileKey();
        return new AttachmentRef(caseId, id, name, attrs.size(), attrs.lastModifiedTime().toInstant(), description,
                "", inode == null ? "" : inode.toString());
    }

    /** The id of a listed file or folder: its name, or its bytes when the name does not stand for them exactly. */
    private static String id(Path file, String name) {
        String encoded = FileNames.encodedName(file);
        return FileNames.isExact(name, encoded) ? name : RAW + encoded;
    }

    /** A listed file's attributes, or null when it went away since the listing (an upload finishing, a delete). */
    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private Path caseDir(CaseId caseId) throws CaseStoreException {
        Path dir = inside(root, caseId.value(), "case id");
        if (Files.isSymbolicLink(dir)) {
            throw new CaseStoreException.Rejected("case folder " + caseId + " is a symbolic link; not followed");
        }
        return dir;
    }

    private Path attachmentPath(CaseId caseId, String id) throws CaseStoreException {
        return inside(caseDir(caseId), id, "file name");
    }

    /** A name usable as one path element: no separators, no {@code .} or {@code ..}, no control characters. */
    static String safeName(String name, String what) throws CaseStoreException {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new CaseStoreException.Rejected("unsafe " + what + " refused");
        }
        return name;
    }

    /** The path of the element an id names inside {@code parent}, checked like a name. */
    private static Path inside(Path parent, String id, String what) throws CaseStoreException {
        Path child;
        if (id.startsWith(RAW)) {
            String encoded = id.substring(RAW.length());
            byte[] bytes = FileNames.bytes(encoded);
            if (bytes.length == 0 || bytes.length > 255 || new String(bytes, StandardCharsets.ISO_8859_1).chars()
                    .anyMatch(c -> c == '/' || c == 0) || id.equals(RAW + ".") || id.equals(RAW + "..")) {
                throw new CaseStoreException.Rejected("unsafe " + what + " refused");
            }
            child = FileNames.resolveEncoded(parent, encoded).normalize();
        } else {
            child = FileNames.resolve(parent, safeName(id, what)).normalize();
        }
        if (!parent.equals(child.getParent())) {
            throw new CaseStoreException.Rejected("path escapes the store root; refused");
        }
        return child;
    }

    /**
     * Puts the finished upload in place without ever replacing a file: a hard link fails atomically when the name
     * is taken (a rename would silently overwrite a customer's file uploaded at the same moment).
     */
    private static void publish(Path temp, Path target, CaseId caseId, String name) throws IOException,
            CaseStoreException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException taken) {
            throw new CaseStoreException.Rejected("case " + caseId + " already has a file named " + name);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException noLinks) {
            if (Files.exists(target, NOFOLLOW)) {
                throw new CaseStoreException.Rejected("case " + caseId + " already has a file named " + name);
            }
            Files.move(temp, target);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover dot file is ignored by every listing and replaced by the next upload
        }
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName().replace("Exception", "");
    }
}
