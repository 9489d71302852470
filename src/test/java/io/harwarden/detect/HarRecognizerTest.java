package io.harwarden.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HarRecognizerTest {
    @Test
    void namesInAnyCase() {
        assertEquals(HarRecognizer.ByName.HAR, HarRecognizer.byName("Session.HAR"));
        assertEquals(HarRecognizer.ByName.HAR, HarRecognizer.byName("a b é.har"));
        assertEquals(HarRecognizer.ByName.MAYBE, HarRecognizer.byName("export.JSON"));
        assertEquals(HarRecognizer.ByName.MAYBE, HarRecognizer.byName("trace.txt"));
        assertEquals(HarRecognizer.ByName.NOT_HAR, HarRecognizer.byName("screenshot.png"));
        assertEquals(HarRecognizer.ByName.NOT_HAR, HarRecognizer.byName("report.har.pgp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chrome-devtools-base64-bodies.har", "chrome-postdata-utf8-bom.har",
            "firefox118-login-auth-cookies.har", "firefox43-har11-linkedin.har", "mitmproxy-form-params.har",
            "safari-webinspector-base64.har", "wpt-chrome-expressen-607-entries.har", "synthetic-leak-probe.har"})
    void everyRealSampleIsSniffedAsHar(String sample) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/har-samples/" + sample)) {
            assertTrue(HarRecognizer.looksLikeHar(in), sample);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "{\"logs\":{}}", "{\"log\":[]}", "{\"data\":{\"log\":{}}}",
            "{\"log\":{\"level\":\"info\"}}"})
    void otherContentIsNot(String content) throws Exception {
        assertFalse(HarRecognizer.looksLikeHar(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))),
                content);
    }
}
