package io.harwarden.har.detect;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.Markers;
import io.harwarden.har.NameKind;
import io.harwarden.har.RedactionTally;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.BiConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a secret into its marker and records the redaction. The marker's hex is an HMAC-SHA256 of the value under a
 * key that is random per file, so equal secrets get equal markers within one file (support can correlate them) while
 * the value cannot be recovered or dictionary-tested from the output. The daemon keeps the key only encrypted like the
 * original: with both, an approved exception can map a marker back to its value.
 */
public final class Redactor {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int RECENT = 64;

    private final Mac mac;
    private final RedactionTally tally;
    private final boolean failOnMark;
    /** Told each marker with its value, when the values behind markers are being revealed; else null. */
    private final BiConsumer<String, String> markerSeen;
    /** Leak detector: the first value a tentative pass would redact, reported only if the pass is kept. */
    private LeakFound pending;
    private int pendingAt;
    /**
     * The hex of the last secrets marked, by slot: a bearer token or a session cookie recurs in every entry of a file,
     * and its HMAC need not be computed each time. Held only as long as this redactor, which is one file's.
     */
    private final String[] recentSecrets = new String[RECENT];
    private final String[] recentHex = new String[RECENT];

    public Redactor(byte[] key, RedactionTally tally) {
        this(key, tally, false, null);
    }

    /** @param markerSeen told each marker and its value (to reveal values from an original); null to tell nobody */
    public Redactor(byte[] key, RedactionTally tally, BiConsumer<String, String> markerSeen) {
        this(key, tally, false, markerSeen);
    }

    private Redactor(byte[] key, RedactionTally tally, boolean failOnMark, BiConsumer<String, String> markerSeen) {
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            this.mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
        this.tally = tally;
        this.failOnMark = failOnMark;
        this.markerSeen = markerSeen;
    }

    /** A redactor for the fail-closed re-scan: any value it is asked to redact is a leak. */
    public static Redactor leakDetector() {
        return new Redactor(new byte[32], new RedactionTally(), true, null);
    }

    /** A fresh marker key; redactors for the threads of one file share it so that their markers agree. */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public RedactionTally tally() {
        return tally;
    }

    /**
     * Starts a tentative pass (a body read as JSON or as a HAR until it turns out not to be one); returns the mark
     * to {@link #commit} or {@link #rollback} it with. A leak detector counts what such a pass would redact only when
     * the pass is kept, exactly as the sanitizing pass keeps its markers only then.
     */
    public int begin() {
        return tally.begin();
    }

    /** Keeps the pass; for a leak detector, the outermost kept pass that would have redacted something is a leak. */
    public void commit(int mark) {
        tally.commit(mark);
        if (pending != null && !tally.isTentative()) {
            LeakFound leak = pending;
            pending = null;
            throw leak;
        }
    }

    /** Undoes the pass, and whatever it would have redacted. */
    public void rollback(int mark) {
        if (pending != null && pendingAt >= mark) {
            pending = null;
        }
        tally.rollback(mark);
    }

    /** The marker for a secret found by its shape (no name). */
    public String mark(String secret, Category category, Location location) {
        return mark(secret, category, location, null, null);
    }

    /** The marker for a secret found under a name (header, cookie, parameter or key). */
    public String mark(String secret, Category category, Location location, NameKind kind, String name) {
        if (failOnMark) {
            if (!tally.isTentative()) {
                throw new LeakFound(category, location);
            }
            if (pending == null) {
                pending = new LeakFound(category, location);
                pendingAt = tally.tentativeSize();
            }
        }
        tally.record(category, location, kind, name);
        String marker = Markers.format(category, hex8(secret));
        if (markerSeen != null) {
            markerSeen.accept(marker, secret);
        }
        return marker;
    }

    /** Thrown by a leak detector at the first value that would still be redacted. */
    public static final class LeakFound extends RuntimeException {
        public final Category category;
        public final Location location;

        public LeakFound(Category category, Location location) {
            super(category.label() + " at " + location.label(), null, false, false);
            this.category = category;
            this.location = location;
        }
    }

    private String hex8(String secret) {
        int slot = secret.hashCode() & RECENT - 1;
        if (secret.equals(recentSecrets[slot])) {
            return recentHex[slot];
        }
        String hex = hmacHex8(secret);
        recentSecrets[slot] = secret;
        recentHex[slot] = hex;
        return hex;
    }

    private String hmacHex8(String secret) {
        byte[] digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[8];
        for (int i = 0; i < 4; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }
}
