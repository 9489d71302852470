package io.harwarden.triage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WaterfallPngTest {
    private final Triage triage = new Triage(Triage.Options.defaults(), text -> text);

    @Test
    void drawsTheSameRowsWithPatternsAsAPngAndTheSameReportGivesTheSameBytes() throws Exception {
        HarBuilder har = HarBuilder.seed();
        har.call("GET", "https://cpapi-r.wbx2.com/api/v1/numbers", 200).timings(3, 12, 30, 1, 7900, 300);
        TriageReport report = triage.analyze(har.stream());
        byte[] png = WaterfallPng.png(report);
        assumeTrue(png != null, "this JDK has no font to draw text with: no PNG here (the SVG needs none)");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(1000, image.getWidth());
        assertEquals(Waterfall.TOP + report.waterfall().size() * Waterfall.ROW + 60, image.getHeight());
        int row = report.waterfall().stream().map(TriageReport.Bar::entry).toList().indexOf(3);
        int y = Waterfall.TOP + row * Waterfall.ROW + 9;
        Set<Integer> colours = new HashSet<>();
        for (int x = Waterfall.LABEL + 20; x < Waterfall.LABEL + 100; x++) {
            colours.add(image.getRGB(x, y) & 0xFFFFFF);
        }
        assertTrue(colours.contains(new Color(0x00, 0x9E, 0x73).getRGB() & 0xFFFFFF), "the wait phase in its colour: "
                + colours);
        int failedRow = Waterfall.TOP + report.waterfall().stream().map(TriageReport.Bar::entry).toList().indexOf(1)
                * Waterfall.ROW;
        boolean red = false;
        for (int x = 8; x < 60 && !red; x++) {
            for (int dy = 2; dy < 16 && !red; dy++) {
                Color c = new Color(image.getRGB(x, failedRow + dy));
                red = c.getRed() > 120 && c.getGreen() < 80 && c.getBlue() < 90;
            }
        }
        assertTrue(red, "the failed row's mark is drawn in red");
        assertArrayEquals(png, WaterfallPng.png(triage.analyze(har.stream())), "the same report, the same bytes");
    }
}
