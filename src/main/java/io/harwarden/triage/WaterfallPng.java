package io.harwarden.triage;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The waterfall picture as PNG, for case systems that preview images but not SVG (Redmine shows SVG attachments as
 * downloads): the same rows, colours, patterns and legend as {@link Waterfall}, drawn headless with the JDK. Text needs
 * a font on the machine; without one there is no PNG (the SVG still goes).
 */
public final class WaterfallPng {
    private static final Color FAILED = new Color(0xB0, 0x00, 0x20);

    private WaterfallPng() {
    }

    /** The PNG bytes, or null when there is no row to draw or no font to draw text with. */
    public static byte[] png(TriageReport report) {
        List<TriageReport.Bar> bars = report.waterfall();
        if (bars.isEmpty()) {
            return null;
        }
        try {
            return draw(bars);
        } catch (IOException | RuntimeException | Error noFonts) { // a JRE without fonts fails in several ways
            return null;
        }
    }

    private static byte[] draw(List<TriageReport.Bar> bars) throws IOException {
        int height = Waterfall.TOP + bars.size() * Waterfall.ROW + 60;
        BufferedImage image = new BufferedImage(Waterfall.WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, Waterfall.WIDTH, height);
            Map<String, TexturePaint> paints = paints();
            long end = Waterfall.end(bars);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString("HAR Warden triage: failed and slowest calls", 8, 16);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i <= 4; i++) {
                int x = Waterfall.LABEL + Waterfall.AXIS * i / 4;
                g.draw(new Line2D.Double(x, Waterfall.TOP - 6, x, Waterfall.TOP - 2));
                String tick = SlowCalls.seconds(end * i / 4.0);
                int w = g.getFontMetrics().stringWidth(tick);
                g.drawString(tick, i == 4 ? x - w : x - w / 2, Waterfall.TOP - 9);
            }
            int y = Waterfall.TOP;
            for (TriageReport.Bar b : bars) {
                row(g, b, y, end, paints);
                y += Waterfall.ROW;
            }
            legend(g, y + 16, paints);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void row(Graphics2D g, TriageReport.Bar b, int y, long end, Map<String, TexturePaint> paints) {
        if ((y - Waterfall.TOP) / Waterfall.ROW % 2 == 1) {
            g.setColor(new Color(0xF2, 0xF2, 0xF2));
            g.fillRect(0, y, Waterfall.WIDTH, Waterfall.ROW);
        }
        g.setColor(b.failed() ? FAILED : Color.BLACK);
        g.drawString(b.failed() ? "X " + (b.status() == 0 ? "ERR" : String.valueOf(b.status())) : "  " + b.status(),
                8, y + 13);
        g.setColor(Color.BLACK);
        g.setClip(0, y, Waterfall.LABEL - 4, Waterfall.ROW); // fonts differ: a long label stops before the bars
        g.drawString(Waterfall.label(b), 62, y + 13);
        g.setClip(null);
        double scale = (double) Waterfall.AXIS / end;
        double x = Waterfall.LABEL + b.startMs() * scale;
        if (b.phases().isEmpty()) {
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {2, 2}, 0));
            g.draw(new Rectangle2D.Double(x, y + 4, Math.max(1, b.totalMs() * scale), 10));
            g.setStroke(new BasicStroke(1));
            return;
        }
        for (Map.Entry<String, Long> phase : b.phases().entrySet()) {
            double w = phase.getValue() * scale;
            if (w <= 0) {
                continue;
            }
            Rectangle2D box = new Rectangle2D.Double(x, y + 4, Math.max(w, 1), 10);
            g.setPaint(paints.get(phase.getKey()));
            g.fill(box);
            g.setColor(Color.DARK_GRAY);
            g.draw(box);
            x += w;
        }
    }

    private static void legend(Graphics2D g, int y, Map<String, TexturePaint> paints) {
        int x = 8;
        for (Waterfall.Style s : Waterfall.STYLES) {
            Rectangle2D box = new Rectangle2D.Double(x, y - 10, 22, 12);
            g.setPaint(paints.get(s.phase()));
            g.fill(box);
            g.setColor(Color.DARK_GRAY);
            g.draw(box);
            g.setColor(Color.BLACK);
            g.drawString(s.phase(), x + 27, y);
            x += 27 + 7 * s.phase().length() + 20;
        }
        g.setColor(FAILED);
        g.drawString("X failed", x, y);
    }

    /** A 4-pixel tile per phase: its colour with its pattern, as in the SVG. */
    private static Map<String, TexturePaint> paints() {
        Map<String, TexturePaint> paints = new HashMap<>();
        for (Waterfall.Style s : Waterfall.STYLES) {
            BufferedImage tile = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            Color base = Color.decode(s.colour());
            Color mark = s.phase().equals("send") ? base.brighter().brighter() : base.darker().darker();
            for (int px = 0; px < 4; px++) {
                for (int py = 0; py < 4; py++) {
                    tile.setRGB(px, py, (marked(s.phase(), px, py) ? mark : base).getRGB());
                }
            }
            paints.put(s.phase(), new TexturePaint(tile, new Rectangle2D.Double(0, 0, 4, 4)));
        }
        return paints;
    }

    private static boolean marked(String phase, int x, int y) {
        return switch (phase) {
            case "queued" -> x == 2 && y == 2; // dots
            case "dns" -> x + y == 3; // rising diagonal
            case "connect" -> y == 2; // horizontal lines
            case "tls" -> x == y || x + y == 3; // cross-hatch
            case "send" -> x == 2; // vertical lines
            case "receive" -> x == y; // falling diagonal
            default -> false; // wait: plain
        };
    }
}
