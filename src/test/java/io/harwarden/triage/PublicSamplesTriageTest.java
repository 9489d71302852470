package io.harwarden.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.triage.TriageReport.Kind;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real captures in the repository: read whole, no crash, and no finding that is not there. */
class PublicSamplesTriageTest {
    private final Triage triage = new Triage(Triage.Options.defaults(),
            new HarSanitizer(SanitizerPolicy.defaults())::sanitizeText);

    /** The samples under {@code /har-samples/}. */
    static java.util.stream.Stream<String> samples() {
        return java.util.stream.Stream.of("chrome-devtools-base64-bodies.har", "chrome-postdata-utf8-bom.har",
                "firefox118-login-auth-cookies.har", "firefox43-har11-linkedin.har", "mitmproxy-form-params.har",
                "mitmproxy-h2-oauth-slack-cookies.har", "mitmproxy-sse-apikey-auth.har",
                "mitmproxy-websocket-messages.har", "safari-webinspector-base64.har", "synthetic-leak-probe.har",
                "wpt-chrome-expressen-607-entries.har");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void aRealCaptureIsReadWholeWithoutAFalseFinding(String sample) throws Exception {
        TriageReport report;
        try (InputStream in = getClass().getResourceAsStream("/har-samples/" + sample)) {
            report = triage.analyze(in);
        }
        assertNull(report.capture().problem());
        assertTrue(report.capture().entries() > 0);
        Set<Kind> kinds = report.findings().stream().map(TriageReport.Finding::kind).collect(Collectors.toSet());
        Set<Kind> real = switch (sample) { // what these captures really show, checked by hand
            case "chrome-devtools-base64-bodies.har" -> Set.of(Kind.NETWORK); // recorded offline
            case "firefox118-login-auth-cookies.har" -> Set.of(Kind.AUTH); // a 401 for a wrong password
            default -> Set.of();
        };
        assertEquals(real, kinds, report.findings().toString());

    }
}
