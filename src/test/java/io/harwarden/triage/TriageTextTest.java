package io.harwarden.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriageTextTest {
    private final Triage triage = new Triage(Triage.Options.defaults(),
            new HarSanitizer(SanitizerPolicy.defaults())::sanitizeText);

    @Test
    void theSeedExampleReproducesTheSupportGuidesRowExactly() throws Exception {
        TriageReport report = triage.analyze(HarBuilder.seed().stream());
        assertEquals("| 2025-06-10 15:20:41.445 | `https://cpapi-r.wbx2.com/api/v1/customers/{org}/users/{user}/features/"
                + "callrecording` | PATCH | 502 | `ATLAS_81167162-feb6-4a99-a357-d2c7f811a73f_3` | 400: Invalid Product: "
                + "Creating dub point failed in Dubber. |", TriageText.row(report.failed().get(0)));
        String note = TriageText.note(report, TriageText.Language.EN);
        assertTrue(note.startsWith("Triage of the capture (WebInspector 537.36, 3 calls, 2025-06-10 15:20:00.100 – "
                + "15:20:41.445 UTC)\nFailed calls (1):\n\n| Started | URL | Method | Code | Tracking ID | Error |\n"), note);
        assertTrue(note.contains(TriageText.row(report.failed().get(0)) + "\n"), note);
        assertTrue(note.contains("- Search the server logs for: \"" + HarBuilder.TRACKING + "\"\n"), note);
        assertTrue(note.contains("  - status says 502, body says 400: the error comes from a system behind "
                + "cpapi-r.wbx2.com (e1)\n"), note);
        String ja = TriageText.note(report, TriageText.Language.JA);
        assertTrue(ja.startsWith("キャプチャの分析 (WebInspector 537.36, 3件の通信"), ja);
        assertTrue(ja.contains("| 開始 (UTC) | URL | メソッド | コード | トラッキング ID | エラー |"), ja);
    }

    @Test
    void theNoteListsTheFirstTenFailedCallsAndCountsTheRestTheTerminalListsThemAll() throws Exception {
        HarBuilder har = new HarBuilder();
        for (int i = 0; i < 25; i++) {
            har.call("GET", "https://api.example.com/v1/items/" + i, 500)
                    .body("application/json", "{\"error\":\"boom | " + i + "\"}");
        }
        TriageReport report = triage.analyze(har.stream());
        String note = TriageText.note(report, TriageText.Language.EN);
        assertEquals(10, note.lines().filter(l -> l.startsWith("| 2025")).count());
        assertTrue(note.contains("\n15 more in the report\n"), note);
        assertTrue(note.contains("| boom \\| 3 |"), "a | in a cell does not break the table");
        assertEquals(25, TriageText.terminal(report).lines().filter(l -> l.startsWith("| 2025")).count());
        assertEquals(List.of(), report.tracking());
    }
}
