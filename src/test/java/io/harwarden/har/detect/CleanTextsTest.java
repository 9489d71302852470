package io.harwarden.har.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.har.Location;
import io.harwarden.har.RedactionTally;
import io.harwarden.har.SanitizerPolicy;
import org.junit.jupiter.api.Test;

class CleanTextsTest {
    private static final String SECRET_TEXT = "curl -H 'Authorization: Bearer c2VjcmV0LXZhbHVlLWZvci10ZXN0aW5n' https://x";
    private static final String CLEAN_TEXT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/125.0 Safari/537.36";

    private final RedactionTally tally = new RedactionTally();
    private final TextScanner scanner = scanner(new Redactor(new byte[32], tally));
    private final CleanTexts clean = scanner.cleanTexts();

    private static TextScanner scanner(Redactor redactor) {
        return new TextScanner(new SecretValues(redactor), new NameRules(SanitizerPolicy.defaults()));
    }

    @Test
    void aTextFoundCleanIsHeldAndComesBackAsItIs() {
        assertFalse(clean.contains(CLEAN_TEXT));
        assertSame(CLEAN_TEXT, scanner.scan(CLEAN_TEXT, Location.REQUEST_HEADER));
        assertTrue(clean.contains(new String(CLEAN_TEXT.toCharArray())), "held by value, not by instance");
        assertSame(CLEAN_TEXT, scanner.scan(CLEAN_TEXT, Location.RESPONSE_BODY));
    }

    @Test
    void aTextWithASecretIsNeverHeldAndIsRedactedEveryTime() {
        String first = scanner.scan(SECRET_TEXT, Location.RESPONSE_BODY);
        String second = scanner.scan(SECRET_TEXT, Location.RESPONSE_BODY);
        assertNotEquals(SECRET_TEXT, first);
        assertEquals(first, second);
        assertFalse(clean.contains(SECRET_TEXT));
        assertEquals(2, tally.total(), "both occurrences counted");
    }

    @Test
    void aLongTextIsNeverHeld() {
        String longText = "word ".repeat(400);
        assertSame(longText, scanner.scan(longText, Location.RESPONSE_BODY));
        assertFalse(clean.contains(longText));
    }

    @Test
    void aTextFoundCleanByTheFirstPassIsStillJudgedByTheReScan() {
        scanner.scan(CLEAN_TEXT, Location.REQUEST_HEADER);
        scanner.scan(SECRET_TEXT, Location.RESPONSE_BODY);
        TextScanner rescan = scanner(Redactor.leakDetector());
        assertFalse(rescan.cleanTexts().contains(CLEAN_TEXT), "each scanner keeps its own");
        assertSame(CLEAN_TEXT, rescan.scan(CLEAN_TEXT, Location.REQUEST_HEADER));
        assertThrows(Redactor.LeakFound.class, () -> rescan.scan(SECRET_TEXT, Location.RESPONSE_BODY));
    }
}
