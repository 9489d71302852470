package io.harwarden.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CaseNotesTest {
    private static final String SHA = "5793e305c074324e771ce71ca7806f6735f9138999360c132d15ee8c97c80d25";

    private static CaseNote note(CaseNote.SanitizedCopy sanitized, String failure, List<String> recipients,
            CaseNote.PlaintextRemoval removal) {
        return new CaseNote("login flow.har", 12_794, Instant.parse("2026-11-24T10:00:00Z"),
                Instant.parse("2026-11-24T10:00:02Z"), SHA, sanitized, failure, "login flow.har.pgp", recipients,
                removal, "https://harwarden.example.com/exceptions");
    }

    private static final CaseNote.SanitizedCopy COPY = new CaseNote.SanitizedCopy("login flow.sanitized.har", 12,
            List.of(new CaseNote.Count("cookie", 8), new CaseNote.Count("auth", 4)));

    @Test
    void englishNoteSaysWhatWasDone() {
        String text = CaseNotes.render(note(COPY, null, List.of("249BEA39", "97B4A10F"),
                CaseNote.PlaintextRemoval.DELETED), CaseNotes.Language.EN);
        assertEquals(String.join("\n",
                "HAR Warden processed login flow.har (12.5 KiB).",
                "- Detected 2026-11-24T10:00:00Z, finished 2026-11-24T10:00:02Z.",
                "- Original SHA-256: " + SHA,
                "- Sanitized copy: login flow.sanitized.har, 12 values redacted (cookie: 8, auth: 4). "
                        + "Use this copy for troubleshooting.",
                "- Encrypted original: login flow.har.pgp, readable only by the holders of keys 249BEA39, 97B4A10F.",
                "- The plaintext original was deleted from this case.",
                "- If the sanitized copy is not enough, request the original: https://harwarden.example.com/exceptions"),
                text);
    }

    @Test
    void englishNoteWithoutASanitizedCopySaysWhy() {
        String text = CaseNotes.render(note(null, "not valid JSON (line 1, column 9)", List.of("249BEA39"),
                CaseNote.PlaintextRemoval.REDACTED), CaseNotes.Language.EN);
        assertTrue(text.contains("- No sanitized copy could be made: not valid JSON (line 1, column 9)"), text);
        assertTrue(text.contains("holders of key 249BEA39."), text);
        assertTrue(text.contains("was redacted on this case"), text);
        assertFalse(text.contains("Sanitized copy:"), text);
    }

    @Test
    void aDeleteIntoARecycleBinSaysSoInBothLanguages() {
        String en = CaseNotes.render(note(COPY, null, List.of("249BEA39"), CaseNote.PlaintextRemoval.RECYCLED),
                CaseNotes.Language.EN);
        assertTrue(en.contains("- The plaintext original was deleted from this case. The case system keeps deleted "
                + "files in its recycle bin for a time (Salesforce: 15 days), where an administrator can restore or "
                + "purge it.\n"), en);
        assertFalse(en.contains("redacted on this case"), en);
        String ja = CaseNotes.render(note(COPY, null, List.of("249BEA39"), CaseNote.PlaintextRemoval.RECYCLED),
                CaseNotes.Language.JA);
        assertTrue(ja.contains("ごみ箱に一定期間（Salesforce では 15 日間）残り"), ja);
        assertFalse(ja.contains("秘匿しました（"), ja);
    }

    @Test
    void japaneseNote() {
        String text = CaseNotes.render(note(COPY, null, List.of("249BEA39"), CaseNote.PlaintextRemoval.DELETED),
                CaseNotes.Language.JA);
        assertTrue(text.startsWith("HAR Warden が login flow.har（12.5 KiB）を処理しました。"), text);
        assertTrue(text.contains("12 件の値を秘匿: cookie 8、auth 4"), text);
        assertTrue(text.contains("平文の元ファイルはこのケースから削除しました。"), text);
        assertTrue(text.contains(SHA), text);
        assertTrue(text.contains("https://harwarden.example.com/exceptions"), text);
    }

    @Test
    void aRefusedUploadSaysThePlaintextStaysAndWhatToDoInBothLanguages() {
        RefusedUpload refused = new RefusedUpload("login flow.har", 7_340_032, "login flow.har.pgp",
                "Redmine refused upload login flow.har.pgp (422): This file cannot be uploaded because it exceeds the"
                        + " maximum allowed file size (5242880)");
        assertEquals(String.join("\n",
                "HAR Warden could not protect login flow.har (7.0 MiB): the case system refused to store"
                        + " login flow.har.pgp.",
                "- Its answer: Redmine refused upload login flow.har.pgp (422): This file cannot be uploaded because it"
                        + " exceeds the maximum allowed file size (5242880)",
                "- The plaintext HAR file is still on this case. HAR Warden tries again later and writes its usual note"
                        + " once it succeeds.",
                "- To fix it, raise the case system's attachment size limit, or remove the file from the case by hand."),
                CaseNotes.render(refused, CaseNotes.Language.EN));
        String ja = CaseNotes.render(refused, CaseNotes.Language.JA);
        assertTrue(ja.startsWith("HAR Warden は login flow.har（7.0 MiB）を保護できませんでした"), ja);
        assertTrue(ja.contains("平文の HAR ファイルはこのケースに残っています"), ja);
        assertTrue(ja.contains("(5242880)"), ja);
    }
    @Test
    void anExceptionEventSaysWhoDidWhatAndNamesItsAuditRecordInBothLanguages() {
        ExceptionNote note = new ExceptionNote("r-1", "released", "alice", java.time.Instant.parse(
                "2026-12-02T09:00:00Z"), "session.har", "entries 0, 2", null, "5CEA2BD7", "ab".repeat(32), 7,
                "cd".repeat(32));
        String en = CaseNotes.render(note, CaseNotes.Language.EN);
        assertEquals("""
                HAR Warden exception request r-1: released by alice at 2026-12-02T09:00:00Z.
                - File: session.har (entries 0, 2)
                - Encrypted to the requester's key 5CEA2BD7, %s (SHA-256 of what was sent)
                - Audit record 7, SHA-256 %s""".formatted("ab".repeat(32), "cd".repeat(32)), en);
        String ja = CaseNotes.render(new ExceptionNote("r-1", "denied", "bob", note.at(), "session.har",
                "the whole file", "トークンがまだ有効です", null, null, 8, "ef".repeat(32)), CaseNotes.Language.JA);
        assertTrue(ja.startsWith("HAR Warden 例外リクエスト r-1: bob が 2026-12-02T09:00:00Z に却下しました。"), ja);
        assertTrue(ja.contains("- コメント: トークンがまだ有効です"), ja);
        assertTrue(ja.contains("- 監査レコード 8、SHA-256 " + "ef".repeat(32)), ja);
    }
}
