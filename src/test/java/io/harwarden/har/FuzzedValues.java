package io.harwarden.har;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The strings of a {@link FuzzedHar}: fuzzer text, names and URLs, and the secrets planted among them. Secret values
 * are drawn from a pool of random strings before any fuzzer string is read, and fuzzer strings are scrubbed of them,
 * so that a secret is in the document only where it was planted.
 */
final class FuzzedValues {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** Secret values are prefixes of these random strings, drawn before any fuzzer string is read. */
    private static final int POOL = 64;
    private static final int CORE = 48;
    /** Every needle starts with this many characters of its core; fuzzer strings never contain them. */
    private static final int SCRUB = 12;
    private static final int MAX_TEXT = 40;

    private final FuzzedDataProvider data;
    private final String[] cores = new String[POOL];
    private final List<FuzzedHar.Planted> planted = new ArrayList<>();
    private int nextCore;

    FuzzedValues(FuzzedDataProvider data) {
        this.data = data;
        SplittableRandom random = new SplittableRandom(data.consumeLong());
        for (int i = 0; i < POOL; i++) {
            char[] c = new char[CORE];
            for (int j = 0; j < CORE; j++) {
                c[j] = ALNUM.charAt(random.nextInt(ALNUM.length()));
            }
            cores[i] = new String(c);
        }
    }

    List<FuzzedHar.Planted> planted() {
        return List.copyOf(planted);
    }

    String url(String where) {
        StringBuilder u = new StringBuilder(data.pickValue(new String[] {"https://", "http://", "wss://", "/"}));
        if (u.length() > 1) {
            u.append("h").append(token(name())).append(".test/");
        }
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            u.append(data.consumeInt(0, 3) == 0 ? shape(where + " path") : encode(name())).append('/');
        }
        String query = queryPairs(where + " query");
        if (!query.isEmpty()) {
            u.append('?').append(query);
        }
        String fragment = queryPairs(where + " fragment");
        if (!fragment.isEmpty()) {
            u.append('#').append(fragment);
        }
        return u.toString();
    }

    String queryPairs(String where) {
        List<String> pairs = new ArrayList<>();
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            pairs.add(switch (data.consumeInt(0, 3)) {
                case 0 -> data.pickValue(FuzzedHar.ACCESS_TOKEN_NAMES) + "="
                        + plant(FuzzedHar.Kind.ACCESS_TOKEN, core(32), where);
                case 1 -> "q=" + shape(where);
                default -> encode(name()) + "=" + encode(text(where));
            });
        }
        return String.join("&", pairs);
    }

    /** A fuzzer string, sometimes with a token of a known shape in it (set apart by spaces, as in any text). */
    String text(String where) {
        String s = free(data.consumeString(MAX_TEXT));
        if (data.consumeInt(0, 5) != 0) {
            return s;
        }
        int cut = data.consumeInt(0, s.length());
        if (cut > 0 && cut < s.length() && Character.isLowSurrogate(s.charAt(cut))) {
            cut--;
        }
        return s.substring(0, cut) + " " + shape(where) + " " + s.substring(cut);
    }

    String shape(String where) {
        return data.consumeBoolean() ? "ghp_" + plant(FuzzedHar.Kind.GITHUB_TOKEN, core(36), where) : jwt(where);
    }

    String jwt(String where) {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"" + token(name()) + "\",\"iat\":1700000000}").getBytes(StandardCharsets.UTF_8));
        return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + payload + "."
                + plant(FuzzedHar.Kind.JWT_SIGNATURE, core(43), where + " JWT");
    }

    String plant(FuzzedHar.Kind kind, String needle, String where) {
        planted.add(new FuzzedHar.Planted(kind, needle, where));
        return needle;
    }

    String core(int length) {
        return cores[nextCore++ % POOL].substring(0, length);
    }

    String name() {
        return free(data.consumeString(24));
    }

    /**
     * The fuzzer's string as valid UTF-16 and without the start of any secret: the fuzzer learns the strings the test
     * compares (the leak check) and would otherwise copy a secret into a place where nothing marks it as one.
     */
    String free(String s) {
        String valid = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        for (String core : cores) {
            valid = valid.replace(core.substring(0, SCRUB), "#");
        }
        return valid;
    }

    /** Only the characters a cookie name or a host may hold; never empty. */
    static String token(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_.-]", "");
        return t.isEmpty() ? "x" : t;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String base64(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return switch (data.consumeInt(0, 2)) {
            case 0 -> Base64.getUrlEncoder().encodeToString(bytes);
            case 1 -> Base64.getMimeEncoder().encodeToString(bytes);
            default -> Base64.getEncoder().encodeToString(bytes);
        };
    }

    /** Fuzzer bytes for binary bodies, which the leak check decodes too. */
    byte[] bytes(int max) {
        String latin1 = new String(data.consumeBytes(max), StandardCharsets.ISO_8859_1);
        return free(latin1).getBytes(StandardCharsets.ISO_8859_1);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String base64(byte[] head, String middle, byte[] tail) {
        byte[] m = middle.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + m.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(m, 0, all, head.length, m.length);
        System.arraycopy(tail, 0, all, head.length + m.length, tail.length);
        return base64(all);
    }
}
