package io.harwarden.har.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.harwarden.har.Category;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The credential formats HAR Warden recognises, as data ({@code credentials/*.json} beside this class; see the README
 * there). Formats with a literal are found together in one pass per string by an Aho-Corasick automaton over their
 * anchors, then confirmed one by one at each hit: the cost grows with the string, not with the number of formats.
 * Formats that need a keyword are checked against the name they are given under.
 */
public final class Catalogue {
    private static final String[] FILES = {"core.json", "cloud.json", "devtools.json", "saas.json"};
    private static final Catalogue STANDARD = load();

    private final List<Credential> credentials;
    private final AhoCorasickDoubleArrayTrie<Credential[]> anchors = new AhoCorasickDoubleArrayTrie<>();
    private final List<Credential> keyworded;
    private final int classes;
    private final int shortest;

    Catalogue(List<Credential> credentials, int classes) {
        this.credentials = List.copyOf(credentials);
        this.classes = classes;
        this.shortest = credentials.stream().filter(c -> !c.needsKeyword())
                .mapToInt(c -> c.shape().shortestMatch()).min().orElse(0);
        Map<String, List<Credential>> byAnchor = new TreeMap<>();
        List<Credential> needKeyword = new ArrayList<>();
        for (Credential c : credentials) {
            if (c.needsKeyword() || c.shape().anchor() == null) {
                needKeyword.add(c);
            } else {
                byAnchor.computeIfAbsent(c.shape().anchor(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, Credential[]> table = new TreeMap<>();
        byAnchor.forEach((anchor, list) -> table.put(anchor, list.toArray(Credential[]::new)));
        anchors.build(table);
        this.keyworded = List.copyOf(needKeyword);
    }

    /** The catalogue shipped with HAR Warden. */
    public static Catalogue standard() {
        return STANDARD;
    }

    public List<Credential> credentials() {
        return credentials;
    }

    /** A matcher for one thread: it keeps per-string state. */
    public Matcher matcher() {
        return new Matcher(this);
    }

    AhoCorasickDoubleArrayTrie<Credential[]> anchors() {
        return anchors;
    }

    List<Credential> keyworded() {
        return keyworded;
    }

    int classes() {
        return classes;
    }

    /** The length of the shortest text any format found by its anchor can have. */
    int shortest() {
        return shortest;
    }

    private static Catalogue load() {
        Map<String, CharClass> classes = new HashMap<>();
        Map<String, Credential> byId = new LinkedHashMap<>();
        JsonFactory json = new JsonFactory();
        for (String file : FILES) {
            try (InputStream in = Catalogue.class.getResourceAsStream("credentials/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("the credential catalogue's " + file + " is missing");
                }
                try (JsonParser p = json.createParser(in)) {
                    read(p, file, classes, byId);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the credential catalogue's " + file, e);
            }
        }
        return new Catalogue(new ArrayList<>(byId.values()), classes.size());
    }

    private static void read(JsonParser p, String file, Map<String, CharClass> classes, Map<String, Credential> byId)
            throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new IllegalStateException(file + " is not a JSON array");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Map<String, Object> fields = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    List<String> items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        items.add(p.getText());
                    }
                    fields.put(name, items);
                } else if (t == JsonToken.START_OBJECT) {
                    p.skipChildren();
                } else {
                    fields.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
                }
            }
            Credential c = credential(fields, file, classes);
            if (byId.putIfAbsent(c.id(), c) != null) {
                throw new IllegalStateException("credential id " + c.id() + " appears twice (" + file + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Credential credential(Map<String, Object> f, String file, Map<String, CharClass> classes) {
        String id = (String) f.get("id");
        try {
            Shape shape = Shape.parse((String) f.get("shape"),
                    spec -> classes.computeIfAbsent(spec, s -> CharClass.of(s, classes.size())));
            List<String> keywords = f.get("keywords") instanceof List<?> list ? (List<String>) list : List.of();
            boolean needsKeyword = "keyword".equals(f.get("context"));
            if (needsKeyword && keywords.isEmpty()) {
                throw new IllegalArgumentException("a keyword entry needs keywords");
            }
            Set<String> lower = new java.util.LinkedHashSet<>();
            keywords.forEach(k -> lower.add(k.toLowerCase(Locale.ROOT)));
            return new Credential(id, (String) f.getOrDefault("vendor", ""), category((String) f.get("category")),
                    shape, needsKeyword, List.copyOf(lower));
        } catch (RuntimeException e) {
            throw new IllegalStateException("credential " + id + " in " + file + ": " + e.getMessage(), e);
        }
    }

    private static Category category(String label) {
        for (Category c : Category.values()) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown category " + label);
    }
}
