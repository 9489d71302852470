package io.harwarden.har.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format of the catalogue against a value made from its own documented shape (never a real credential), and
 * against near misses that must not be taken for it; and the matcher against strings built to make it slow.
 */
class CatalogueTest {
    private static final Catalogue CATALOGUE = Catalogue.standard();

    static Stream<Credential> credentials() {
        return CATALOGUE.credentials().stream();
    }

    /** The value a test plants for a format: made from its shape with a seed of its own. */
    static String example(Credential c) {
        return c.shape().example(new Random(c.id().hashCode()));
    }

    @Test
    void theCatalogueIsLargeAndEveryEntryIsComplete() {
        List<Credential> all = CATALOGUE.credentials();
        assertTrue(all.size() >= 40, all.size() + " formats");
        for (Credential c : all) {
            assertTrue(c.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), c.id());
            assertTrue(!c.needsKeyword() || !c.keywords().isEmpty(), c.id() + " needs keywords to be recognised");
            assertTrue(c.needsKeyword() || c.shape().anchor() != null, c.id() + " has no literal to be found by");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentials")
    void eachFormatIsFoundInTextAndItsNearMissesAreNot(Credential c) {
        Matcher matcher = CATALOGUE.matcher();
        String value = example(c);
        if (c.needsKeyword()) {
            assertEquals(c, matcher.keyed("the_" + c.keywords().get(0) + "_value", value), c.id());
            assertNull(matcher.keyed("description", value), c.id() + " is generic without its keyword");
            return;
        }
        for (String around : List.of("%s", "token: %s\n", "\"k\":\"%s\"", "a=%s&b=1", "Bearer %s", "(%s)")) {
            String text = around.formatted(value);
            assertTrue(found(matcher, text, c, text.indexOf(value), text.indexOf(value) + value.length()),
                    c.id() + " in " + text);
        }
        String anchor = c.shape().anchor();
        String broken = value.replace(anchor, anchor.substring(0, anchor.length() - 1)
                + (char) (anchor.charAt(anchor.length() - 1) == '~' ? '!' : '~'));
        assertTrue(!foundAt(matcher, broken, c), c.id() + " without its prefix: " + broken);
        if (Character.isLetterOrDigit(value.charAt(0))) {
            // a variable run before the anchor takes letters before it as its own: the word must outgrow that run
            List<Shape.Segment> segments = c.shape().segments();
            int before = segments.get(0) instanceof Shape.Run run && !run.fixed() ? run.max() : 1;
            assertTrue(!foundAt(matcher, "Q".repeat(before) + value, c), c.id() + " inside a longer word");
        }
    }

    /** The shortest run a format allows (leniently, after a distinctive prefix), less one, is not that format. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("credentials")
    void aValueShorterThanTheFormatIsNotIt(Credential c) {
        List<Shape.Segment> segments = c.shape().segments();
        if (c.needsKeyword() || !(segments.get(segments.size() - 1) instanceof Shape.Run last) || last.min() < 2) {
            return;
        }
        String value = example(c);
        String shorter = value.substring(0, Math.min(minimalLength(c), c.shape().shortestMatch()) - 1);
        assertTrue(!foundAt(CATALOGUE.matcher(), " " + shorter + " ", c), c.id() + ": " + shorter);
    }

    private static int minimalLength(Credential c) {
        StringBuilder made = new StringBuilder();
        for (Shape.Segment s : c.shape().segments()) {
            made.append(s instanceof Shape.Literal l ? l.text() : "x".repeat(((Shape.Run) s).min()));
        }
        return made.length();
    }

    private static boolean found(Matcher matcher, String text, Credential c, int start, int end) {
        int n = matcher.find(text);
        for (int i = 0; i < n; i++) {
            if (matcher.start(i) <= start && matcher.end(i) >= end) {
                return true;
            }
        }
        return false;
    }

    private static boolean foundAt(Matcher matcher, String text, Credential c) {
        int n = matcher.find(text);
        for (int i = 0; i < n; i++) {
            if (matcher.credential(i) == c) {
                return true;
            }
        }
        return false;
    }

    /** Long runs of anchors, anchors inside runs, near misses: each string is read in time linear in its length. */
    @Test
    void adversarialStringsAreMatchedInLinearTime() {
        List<String> hostile = new ArrayList<>();
        int size = 10 << 20;
        for (Credential c : CATALOGUE.credentials()) {
            String anchor = c.shape().anchor();
            if (anchor != null && hostile.size() < 12) {
                hostile.add(anchor.repeat(size / anchor.length()));
            }
        }
        hostile.add("ya29." + "a".repeat(size));
        hostile.add("ya29.".repeat(size / 5));
        hostile.add(("xoxb-" + "1".repeat(5)).repeat(size / 10));
        hostile.add("1".repeat(size) + ":AA");
        hostile.add("SG." + "a".repeat(21) + ".".repeat(size));
        Matcher matcher = CATALOGUE.matcher();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String s : hostile) {
                matcher.find(s);
            }
        });
    }

    @Test
    void aMatchIsTheWholeTokenNotAPartOfALongerOne() {
        Matcher matcher = CATALOGUE.matcher();
        Credential aws = CATALOGUE.credentials().stream().filter(c -> c.id().equals("aws-access-key-id"))
                .findFirst().orElseThrow();
        assertNotNull(aws);
        assertEquals(1, matcher.find(" AKIAQWERTYUIOPASDFGH "));
        assertEquals(0, matcher.find(" AKIAQWERTYUIOPASDFGHJ "), "21 characters: not an access key id");
        assertEquals(0, matcher.find(" xAKIAQWERTYUIOPASDFGH "), "inside a word");
    }
}
