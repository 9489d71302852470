package io.harwarden.triage;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The capture's failed and slowest calls as a waterfall picture (SVG): one row per call on a common time axis, each
 * phase in its colour and its own pattern, so that it reads in grey and for colour-blind readers, with the legend in
 * the picture. The same report always gives the same bytes (no time stamps, no random ids), and the picture needs no
 * font or script from anywhere.
 */
public final class Waterfall {
    /** Rows at most: the failed calls and the slowest, in the capture's order. */
    public static final int MAX_ROWS = 60;
    static final int WIDTH = 1000;
    static final int LABEL = 400;
    static final int AXIS = WIDTH - LABEL - 20;
    static final int ROW = 18;
    static final int TOP = 40;

    /** Each phase: its name, its colour (Okabe-Ito, told apart by most colour-blind readers) and its pattern. */
    record Style(String phase, String colour, String pattern) {
    }

    static final List<Style> STYLES = List.of(
            new Style("queued", "#999999", "<circle cx='2' cy='2' r='1' fill='#000' fill-opacity='0.55'/>"),
            new Style("dns", "#56B4E9", "<path d='M0,4 L4,0' stroke='#000' stroke-opacity='0.55'/>"),
            new Style("connect", "#E69F00", "<path d='M0,2 L4,2' stroke='#000' stroke-opacity='0.55'/>"),
            new Style("tls", "#CC79A7", "<path d='M0,0 L4,4 M0,4 L4,0' stroke='#000' stroke-opacity='0.55'/>"),
            new Style("send", "#0072B2", "<path d='M2,0 L2,4' stroke='#fff' stroke-opacity='0.7'/>"),
            new Style("wait", "#009E73", ""),
            new Style("receive", "#F0E442", "<path d='M0,0 L4,4' stroke='#000' stroke-opacity='0.55'/>"));

    private Waterfall() {
    }

    /** Where the time axis ends: the end of the last call drawn. */
    static long end(List<TriageReport.Bar> bars) {
        long end = 1;
        for (TriageReport.Bar b : bars) {
            end = Math.max(end, b.startMs() + Math.max(b.totalMs(), 1));
        }
        return end;
    }

    /** The picture, or null when the report has no row to draw. */
    public static String svg(TriageReport report) {
        List<TriageReport.Bar> bars = report.waterfall();
        if (bars.isEmpty()) {
            return null;
        }
        long end = end(bars);
        int height = TOP + bars.size() * ROW + 60;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(WIDTH).append("' height='").append(height)
                .append("' viewBox='0 0 ").append(WIDTH).append(' ').append(height)
                .append("' role='img' font-family='sans-serif' font-size='11'>\n")
                .append("<title>Failed and slowest calls of the capture, on one time axis (")
                .append(SlowCalls.seconds(end)).append(")</title>\n<defs>\n");
        for (Style s : STYLES) {
            svg.append("<pattern id='p-").append(s.phase()).append("' width='4' height='4' patternUnits='userSpaceOnUse'>")
                    .append("<rect width='4' height='4' fill='").append(s.colour()).append("'/>").append(s.pattern())
                    .append("</pattern>\n");
        }
        svg.append("</defs>\n<rect width='100%' height='100%' fill='#fff'/>\n");
        svg.append("<text x='8' y='16' font-size='13' font-weight='bold'>HAR Warden triage: failed and slowest calls"
                + "</text>\n");
        axis(svg, end);
        int y = TOP;
        for (TriageReport.Bar b : bars) {
            row(svg, b, y, end);
            y += ROW;
        }
        legend(svg, y + 16);
        return svg.append("</svg>\n").toString();
    }

    private static void axis(StringBuilder svg, long end) {
        for (int i = 0; i <= 4; i++) {
            int x = LABEL + AXIS * i / 4;
            svg.append("<line x1='").append(x).append("' y1='").append(TOP - 6).append("' x2='").append(x)
                    .append("' y2='").append(TOP - 2).append("' stroke='#333'/><text x='").append(x).append("' y='")
                    .append(TOP - 9).append("' text-anchor='").append(i == 4 ? "end" : "middle").append("'>")
                    .append(SlowCalls.seconds(end * i / 4.0))
                    .append("</text>\n");
        }
    }

    private static void row(StringBuilder svg, TriageReport.Bar b, int y, long end) {
        if ((y - TOP) / ROW % 2 == 1) {
            svg.append("<rect x='0' y='").append(y).append("' width='").append(WIDTH).append("' height='").append(ROW)
                    .append("' fill='#f2f2f2'/>\n");
        }
        String mark = b.failed() ? "\u2716 " + (b.status() == 0 ? "ERR" : String.valueOf(b.status())) : "  "
                + b.status();
        svg.append("<text x='8' y='").append(y + 13).append("'").append(b.failed() ? " fill='#B00020' font-weight='bold'"
                : "").append(">").append(xml(mark)).append("</text>");
        svg.append("<text x='62' y='").append(y + 13).append("'>").append(xml(label(b))).append("</text>\n");
        double scale = (double) AXIS / end;
        double x = LABEL + b.startMs() * scale;
        if (b.phases().isEmpty()) {
            svg.append("<rect x='").append(fmt(x)).append("' y='").append(y + 4).append("' width='")
                    .append(fmt(Math.max(1, b.totalMs() * scale))).append("' height='10' fill='#ffffff' stroke='#333'"
                    + " stroke-dasharray='2,2'><title>no phases in the capture</title></rect>\n");
            return;
        }
        for (Map.Entry<String, Long> phase : b.phases().entrySet()) {
            double w = phase.getValue() * scale;
            if (w <= 0) {
                continue;
            }
            svg.append("<rect x='").append(fmt(x)).append("' y='").append(y + 4).append("' width='")
                    .append(fmt(Math.max(w, 0.5))).append("' height='10' fill='url(#p-").append(phase.getKey())
                    .append(")' stroke='#333' stroke-width='0.3'><title>").append(phase.getKey()).append(' ')
                    .append(SlowCalls.seconds(phase.getValue())).append("</title></rect>");
            x += w;
        }
        svg.append('\n');
    }

    private static void legend(StringBuilder svg, int y) {
        int x = 8;
        for (Style s : STYLES) {
            svg.append("<rect x='").append(x).append("' y='").append(y - 10).append("' width='22' height='12' fill='url(#p-")
                    .append(s.phase()).append(")' stroke='#333' stroke-width='0.5'/><text x='").append(x + 27)
                    .append("' y='").append(y).append("'>").append(s.phase()).append("</text>\n");
            x += 27 + 7 * s.phase().length() + 20;
        }
        svg.append("<text x='").append(x).append("' y='").append(y).append("' fill='#B00020' font-weight='bold'>")
                .append("\u2716 failed</text>\n");
    }

    static String label(TriageReport.Bar b) {
        String text = "e" + b.entry() + " " + b.method() + " " + b.url().replaceFirst("^[a-z]+://", "") + " "
                + SlowCalls.seconds(b.totalMs());
        return text.length() <= 54 ? text : text.substring(0, 25) + "\u2026" + text.substring(text.length() - 28);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&#39;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if ((c >= 0x20 || c == '\t') && !Character.isSurrogate(c) && c < 0xFFFE) {
                        out.append(c); // XML allows no control characters, lone surrogates or U+FFFE/FFFF
                    }
                }
            }
        }
        return out.toString();
    }
}
