package io.harwarden.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class WaterfallTest {
    private final Triage triage = new Triage(Triage.Options.defaults(),
            new HarSanitizer(SanitizerPolicy.defaults())::sanitizeText);

    private static HarBuilder capture() {
        HarBuilder har = HarBuilder.seed();
        har.call("GET", "https://cpapi-r.wbx2.com/api/v1/numbers?<script>", 200).timings(3, 12, 30, 1, 7900, 300);
        har.call("GET", "https://metrics.example.invalid/collect", 0).error("net::ERR_NAME_NOT_RESOLVED").noTimings();
        har.call("GET", "https://api.example.com/v1/keys/ghp_" + "1234567890abcdefghijABCDEFGHIJ123456", 500);
        return har;
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void drawsTheFailedAndSlowestCallsWithAPatternPerPhaseAndALegendAsValidSvg() throws Exception {
        TriageReport report = triage.analyze(capture().stream());
        String svg = Waterfall.svg(report);
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getTagName());
        NodeList patterns = doc.getElementsByTagName("pattern");
        assertEquals(7, patterns.getLength(), "a pattern for each phase, not colour alone");
        for (String phase : new String[] {"queued", "dns", "connect", "tls", "send", "wait", "receive"}) {
            assertTrue(svg.contains("fill='url(#p-" + phase + ")'"), phase + " in the legend");
            assertTrue(svg.contains(">" + phase + "</text>"), phase + " named in the legend");
        }
        assertTrue(svg.contains("\u2716 502"), "a failed row carries a mark and its code");
        assertTrue(svg.contains("\u2716 ERR"));
        assertTrue(svg.contains("no phases in the capture"), "a call without timings is drawn as such");
        assertTrue(report.waterfall().stream().anyMatch(b -> b.totalMs() == 8246), "the slow call is a row");
        assertFalse(svg.contains("ghp_1234567890"), "labels come from the scrubbed templates");
        assertFalse(svg.contains("<script>"));
        assertEquals(svg, Waterfall.svg(triage.analyze(capture().stream())), "the same report, the same bytes");
        NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (!r.getAttribute("x").isEmpty()) {
                assertTrue(Double.parseDouble(r.getAttribute("x")) <= 1000, "inside the picture");
            }
        }
    }

    @Test
    void aCaptureWithNothingToDrawHasNoPicture() throws Exception {
        HarBuilder har = new HarBuilder();
        assertNull(Waterfall.svg(triage.analyze(har.stream())));
    }
}
