package io.harwarden.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the bytes, triage returns a report (saying where reading stopped) and never throws or hangs. */
class TriageHostileTest {
    private final Triage triage = new Triage(Triage.Options.defaults(), text -> text);

    private TriageReport of(String json) throws Exception {
        return triage.analyze(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "{\"log\":null}", "{\"log\":{\"entries\":{}}}",
        "{\"log\":{\"entries\":[1,\"x\",null,[]]}}", "{\"log\":{\"entries\":[{\"request\":\"x\",\"response\":[]}]}}",
        "{\"log\":{\"entries\":[{\"response\":{\"status\":\"error\",\"headers\":{\"a\":1}},\"timings\":\"x\"}]}}",
        "{\"log\":{\"entries\":[{\"startedDateTime\":\"yesterday\",\"time\":\"slow\",\"request\":{\"url\":\"::\"}}]}}",
        "{\"log\":{\"entries\":[{\"response\":{\"status\":302,\"headers\":[{\"name\":\"Location\",\"value\":\"%%\"}]}}]}}",
        "\u00ff\u00fe garbage", "{\"log\":{\"entries\":[{\"request\":{\"headers\":[{\"value\":\"v\",\"name\":\"Origin\"}]}}"})
    void oddOrBrokenDocumentsGiveAReport(String json) throws Exception {
        TriageReport report = of(json);
        assertNotNull(report.capture());
    }

    @Test
    void deepNestingAndAHugeStringStopTheReadingWithAReason() throws Exception {
        TriageReport deep = of("{\"log\":{\"entries\":[{\"x\":" + "[".repeat(100_000));
        assertNotNull(deep.capture().problem());
        String huge = "{\"log\":{\"entries\":[{\"request\":{\"url\":\"";
        InputStream in = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)), repeated('a', 40_000_000))));
        TriageReport big = triage.analyze(in);
        assertTrue(big.capture().problem().startsWith("a value is too large"), big.capture().problem());
    }

    @Test
    void invalidUtf8IsAReasonNotACrash() throws Exception {
        byte[] bytes = "{\"log\":{\"entries\":[{\"request\":{\"url\":\"\u0000\"}}]}}".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 8] = (byte) 0xC3; // a lead byte followed by a quote
        TriageReport report = triage.analyze(new ByteArrayInputStream(bytes));
        assertNotNull(report.capture());
    }

    /** Random cuts and byte changes of a capture with every planted situation. */
    @Test
    void thousandsOfMutationsNeverThrow() throws Exception {
        byte[] seed = HarBuilder.seed().json().getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        int reports = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = java.util.Arrays.copyOf(seed, 1 + random.nextInt(seed.length));
            for (int k = random.nextInt(4); k > 0; k--) {
                String alphabet = "{}[]\",:0x\\\u00e9";
                mutated[random.nextInt(mutated.length)] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            triage.analyze(new ByteArrayInputStream(mutated));
            reports++;
        }
        assertEquals(3000, reports);
    }

    private static InputStream repeated(char c, int times) {
        return new InputStream() {
            private int left = times;

            @Override
            public int read() {
                return left-- > 0 ? c : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) c);
                left -= n;
                return n;
            }
        };
    }
}
