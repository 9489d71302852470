package io.harwarden.files;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Run by {@link PosixLocaleTest} in a JVM started under {@code LC_ALL=C}: the filesystem store lists, reads, uploads
 * beside, notes and deletes files whose names are not ASCII, or not even UTF-8. Prints one line per file it handled.
 */
public final class PosixLocaleProbe {
    private PosixLocaleProbe() {
    }

    public static void main(String[] args) throws Exception {
        FilesystemCaseStore store = new FilesystemCaseStore(Path.of(args[0]));
        for (CaseId caseId : store.cases()) {
            for (AttachmentRef a : List.copyOf(store.attachments(caseId))) {
                byte[] content;
                try (InputStream in = store.open(a)) {
                    content = in.readAllBytes();
                }
                store.upload(caseId, new Upload(a.name() + ".copy", "text/plain", "", content.length),
                        new ByteArrayInputStream(content));
                store.appendNote(caseId, new NoteKey("probe"), "handled " + a.name());
                store.delete(a);
                System.out.println("handled " + caseId.value().length() + " " + content.length);
            }
        }
    }
}
