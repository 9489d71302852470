package io.harwarden.triage;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The triage section of a case note, and the CLI's first look: the failed calls in support's columns, the ids to
 * search, the findings, the slowest calls and what the capture lacks. Markdown tables (Redmine and most case systems
 * render them; they read as text otherwise). Bounded: the note lists the first calls and says how many more there are.
 */
public final class TriageText {
    /** Failed calls in the note's table; the report holds up to {@link Triage.Options#maxFailed()}. */
    public static final int NOTE_ROWS = 10;
    private static final int NOTE_SLOW = 3;
    /** A call this slow is worth a line even when its host is always that slow. */
    private static final long SLOW_MS = 1000;

    /** The note's languages. */
    public enum Language {
        EN, JA
    }

    private static final Map<String, String[]> WORDS = Map.ofEntries(
            Map.entry("title", new String[] {"Triage of the capture", "キャプチャの分析"}),
            Map.entry("calls", new String[] {"calls", "件の通信"}),
            Map.entry("failed", new String[] {"Failed calls", "失敗した通信"}),
            Map.entry("none failed", new String[] {"No call failed.", "失敗した通信はありません。"}),
            Map.entry("header", new String[] {"| Started | URL | Method | Code | Tracking ID | Error |",
                "| 開始 (UTC) | URL | メソッド | コード | トラッキング ID | エラー |"}),
            Map.entry("more", new String[] {"more in the report", "件はレポートにあります"}),
            Map.entry("search", new String[] {"Search the server logs for", "サーバーログの検索"}),
            Map.entry("links", new String[] {"Log search", "ログ検索"}),
            Map.entry("session", new String[] {"Same session", "同じセッション"}),
            Map.entry("findings", new String[] {"Findings", "所見"}),
            Map.entry("slowest", new String[] {"Slowest", "最も遅い通信"}),
            Map.entry("median", new String[] {"the host's median", "同じホストの中央値"}),
            Map.entry("capture", new String[] {"Capture", "キャプチャについて"}),
            Map.entry("times", new String[] {"UTC", "UTC"}),
            Map.entry("offset", new String[] {"the capture's clock", "キャプチャの時計"}),
            Map.entry("waterfall", new String[] {"Waterfall of the failed and slowest calls",
                "失敗した通信と遅い通信のウォーターフォール図"}));

    private TriageText() {
    }

    /** The section for a case note (the first failed calls). */
    public static String note(TriageReport report, Language language) {
        return note(report, language, null);
    }

    /** The same, naming the waterfall picture uploaded beside the copies (null: none). */
    public static String note(TriageReport report, Language language, String picture) {
        String text = render(report, language, NOTE_ROWS);
        return picture == null ? text : text + "- " + word("waterfall", language) + ": " + picture + "\n";
    }

    /** The CLI's first look: the same, with every failed call the report holds. */
    public static String terminal(TriageReport report) {
        return render(report, Language.EN, Integer.MAX_VALUE);
    }

    private static String render(TriageReport report, Language language, int rows) {
        StringBuilder out = new StringBuilder();
        TriageReport.Capture c = report.capture();
        out.append(word("title", language)).append(" (").append(c.creator().isEmpty() ? "" : c.creator() + ", ")
                .append(c.entries()).append(language == Language.EN ? " " : "").append(word("calls", language));
        if (c.firstStarted() != null) {
            out.append(", ").append(c.firstStarted()).append(" – ").append(c.lastStarted().substring(11)).append(' ')
                    .append(word("times", language));
            if (c.offset() != null) {
                out.append(", ").append(word("offset", language)).append(' ').append(c.offset());
            }
        }
        out.append(")\n");
        failedCalls(report, language, rows, out);
        if (!report.findings().isEmpty()) {
            out.append("- ").append(word("findings", language)).append(":\n");
            report.findings().forEach(f -> out.append("  - ").append(f.text()).append(" (e").append(f.entry())
                    .append(")\n"));
        }
        report.slowest().stream().filter(s -> s.ms() >= SLOW_MS || s.outlier()).limit(NOTE_SLOW).forEach(s -> out.append("- ").append(word("slowest", language))
                .append(": e").append(s.entry()).append(' ').append(s.method()).append(' ').append(s.url()).append(' ')
                .append(SlowCalls.seconds(s.ms())).append(": ").append(s.reading()).append(" (")
                .append(word("median", language)).append(' ').append(SlowCalls.seconds(s.hostMedianMs()))
                .append(")\n"));
        report.captureNotes().forEach(n -> out.append("- ").append(word("capture", language)).append(": ").append(n)
                .append('\n'));
        return out.toString();
    }

    private static void failedCalls(TriageReport report, Language language, int rows, StringBuilder out) {
        if (report.failedTotal() == 0) {
            out.append("- ").append(word("none failed", language)).append('\n');
            return;
        }
        out.append(word("failed", language)).append(" (").append(report.failedTotal()).append("):\n\n")
                .append(word("header", language)).append("\n|---|---|---|---|---|---|\n");
        report.failed().stream().limit(rows).forEach(call -> out.append(row(call)).append('\n'));
        int shown = Math.min(rows, report.failed().size());
        if (report.failedTotal() > shown) {
            out.append('\n').append(report.failedTotal() - shown).append(' ').append(word("more", language))
                    .append('\n');
        }
        out.append('\n');
        if (!report.searchLine().isEmpty()) {
            out.append("- ").append(word("search", language)).append(": ").append(report.searchLine()).append('\n');
        }
        if (!report.searchLinks().isEmpty()) {
            out.append("- ").append(word("links", language)).append(": ")
                    .append(String.join(" ", report.searchLinks().stream().limit(5).toList())).append('\n');
        }
        report.sessions().stream().limit(3).forEach(s -> out.append("- ").append(word("session", language))
                .append(": ").append(String.join(", ", s.ids())).append('\n'));
    }

    /** One failed call as a table row in support's columns. */
    public static String row(TriageReport.FailedCall call) {
        return "| " + cell(call.started()) + " | " + code(call.url()) + " | " + cell(call.method()) + " | "
                + call.status() + " | " + call.trackingIds().stream().map(TriageText::code)
                .collect(Collectors.joining(" ")) + " | " + cell(call.error()) + " |";
    }

    private static String code(String text) {
        return text.isEmpty() ? "" : "`" + text.replace("`", "'").replace("|", "%7C") + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String word(String key, Language language) {
        return WORDS.get(key)[language.ordinal()];
    }
}
