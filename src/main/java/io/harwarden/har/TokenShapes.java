package io.harwarden.har;

import java.util.ArrayList;
import java.util.List;

/** Well-known credential formats recognisable by a fixed prefix and a body of typical characters. */
final class TokenShapes {

    /** Characters allowed in a token body. */
    enum Body {
        UPPER_DIGIT, ALNUM, ALNUM_UNDERSCORE, BASE64URL, BASE64URL_DOT, SLACK, HEX;

        boolean accepts(char c) {
            boolean alnum = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            return switch (this) {
                case UPPER_DIGIT -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
                case ALNUM -> alnum;
                case ALNUM_UNDERSCORE -> alnum || c == '_';
                case BASE64URL -> alnum || c == '_' || c == '-';
                case BASE64URL_DOT -> alnum || c == '_' || c == '-' || c == '.';
                case SLACK -> alnum || c == '-' || c == '%';
                case HEX -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            };
        }
    }

    /**
     * One format.
     *
     * @param prefix literal start, case-sensitive
     * @param body characters of the rest
     * @param minBody fewest body characters for a match
     * @param maxBody most body characters (longer runs are not this format)
     */
    record Shape(String prefix, Category category, Body body, int minBody, int maxBody) {
    }

    static final List<Shape> ALL = List.of(
            new Shape("AKIA", Category.AWS_ACCESS_KEY, Body.UPPER_DIGIT, 16, 16),
            new Shape("ASIA", Category.AWS_ACCESS_KEY, Body.UPPER_DIGIT, 16, 16),
            new Shape("ABIA", Category.AWS_ACCESS_KEY, Body.UPPER_DIGIT, 16, 16),
            new Shape("ACCA", Category.AWS_ACCESS_KEY, Body.UPPER_DIGIT, 16, 16),
            new Shape("ghp_", Category.GITHUB_TOKEN, Body.ALNUM, 36, 255),
            new Shape("gho_", Category.GITHUB_TOKEN, Body.ALNUM, 36, 255),
            new Shape("ghu_", Category.GITHUB_TOKEN, Body.ALNUM, 36, 255),
            new Shape("ghs_", Category.GITHUB_TOKEN, Body.ALNUM, 36, 255),
            new Shape("ghr_", Category.GITHUB_TOKEN, Body.ALNUM, 36, 255),
            new Shape("github_pat_", Category.GITHUB_TOKEN, Body.ALNUM_UNDERSCORE, 22, 255),
            new Shape("glpat-", Category.GITLAB_TOKEN, Body.BASE64URL, 20, 255),
            new Shape("xoxb-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("xoxp-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("xoxa-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("xoxr-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("xoxs-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("xoxe-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("xoxo-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("xoxd-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("xapp-", Category.SLACK_TOKEN, Body.SLACK, 10, 512),
            new Shape("sk_live_", Category.STRIPE_KEY, Body.ALNUM, 10, 255),
            new Shape("sk_test_", Category.STRIPE_KEY, Body.ALNUM, 10, 255),
            new Shape("sk_prod_", Category.STRIPE_KEY, Body.ALNUM, 10, 255),
            new Shape("rk_live_", Category.STRIPE_KEY, Body.ALNUM, 10, 255),
            new Shape("rk_test_", Category.STRIPE_KEY, Body.ALNUM, 10, 255),
            new Shape("rk_prod_", Category.STRIPE_KEY, Body.ALNUM, 10, 255),
            new Shape("whsec_", Category.STRIPE_KEY, Body.ALNUM, 20, 255),
            new Shape("AIza", Category.GOOGLE_API_KEY, Body.BASE64URL, 30, 40),
            new Shape("ya29.", Category.GOOGLE_OAUTH_TOKEN, Body.BASE64URL_DOT, 20, 4096),
            new Shape("1//0", Category.GOOGLE_OAUTH_TOKEN, Body.BASE64URL, 30, 1024),
            new Shape("npm_", Category.NPM_TOKEN, Body.ALNUM, 36, 36),
            new Shape("sk-proj-", Category.OPENAI_KEY, Body.BASE64URL, 20, 512),
            new Shape("sk-svcacct-", Category.OPENAI_KEY, Body.BASE64URL, 20, 512),
            new Shape("sk-admin-", Category.OPENAI_KEY, Body.BASE64URL, 20, 512),
            new Shape("sk-ant-", Category.ANTHROPIC_KEY, Body.BASE64URL, 20, 512),
            new Shape("SG.", Category.SENDGRID_KEY, Body.BASE64URL_DOT, 40, 100),
            new Shape("shpat_", Category.SHOPIFY_TOKEN, Body.HEX, 32, 32),
            new Shape("shpss_", Category.SHOPIFY_TOKEN, Body.HEX, 32, 32),
            new Shape("shpca_", Category.SHOPIFY_TOKEN, Body.HEX, 32, 32),
            new Shape("shppa_", Category.SHOPIFY_TOKEN, Body.HEX, 32, 32),
            new Shape("hf_", Category.HUGGINGFACE_TOKEN, Body.ALNUM, 30, 64),
            new Shape("dop_v1_", Category.DIGITALOCEAN_TOKEN, Body.HEX, 64, 64),
            new Shape("doo_v1_", Category.DIGITALOCEAN_TOKEN, Body.HEX, 64, 64),
            new Shape("dor_v1_", Category.DIGITALOCEAN_TOKEN, Body.HEX, 64, 64));

    /** Shapes indexed by their prefix's first character (ASCII only). */
    static final Shape[][] BY_FIRST_CHAR = index();
    /** Shapes indexed by the first two characters of their prefix, {@code first * 128 + second}. */
    static final Shape[][] BY_FIRST_TWO = indexTwo();

    private TokenShapes() {
    }

    /** End offset of the shape's match at {@code start}, or -1. */
    static int matchEnd(Shape shape, String s, int start) {
        String prefix = shape.prefix();
        if (!s.startsWith(prefix, start)) {
            return -1;
        }
        int i = start + prefix.length();
        int limit = Math.min(s.length(), i + shape.maxBody() + 1);
        int bodyStart = i;
        while (i < limit && shape.body().accepts(s.charAt(i))) {
            i++;
        }
        int body = i - bodyStart;
        if (body < shape.minBody() || body > shape.maxBody()) {
            return -1;
        }
        if (i < s.length() && Character.isLetterOrDigit(s.charAt(i)) && shape.maxBody() == shape.minBody()) {
            return -1;
        }
        return i;
    }

    /** The shapes whose prefix starts with these two characters, or null. */
    static Shape[] candidates(char first, char second) {
        return first < 128 && second < 128 ? BY_FIRST_TWO[first * 128 + second] : null;
    }

    private static Shape[][] indexTwo() {
        java.util.Map<Integer, List<Shape>> lists = new java.util.HashMap<>();
        for (Shape shape : ALL) {
            lists.computeIfAbsent(shape.prefix().charAt(0) * 128 + shape.prefix().charAt(1), k -> new ArrayList<>())
                    .add(shape);
        }
        Shape[][] table = new Shape[128 * 128][];
        lists.forEach((k, v) -> table[k] = v.toArray(new Shape[0]));
        return table;
    }

    private static Shape[][] index() {
        List<List<Shape>> lists = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            lists.add(new ArrayList<>());
        }
        for (Shape shape : ALL) {
            lists.get(shape.prefix().charAt(0)).add(shape);
        }
        Shape[][] table = new Shape[128][];
        for (int c = 0; c < 128; c++) {
            table[c] = lists.get(c).isEmpty() ? null : lists.get(c).toArray(new Shape[0]);
        }
        return table;
    }
}
