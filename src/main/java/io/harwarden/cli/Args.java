package io.harwarden.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Positional arguments and {@code --option value} pairs; {@code -} is a positional (stdin/stdout). */
record Args(List<String> positional, Map<String, List<String>> options) {

    static Args parse(List<String> raw, Set<String> valued, Set<String> flags) throws CliException {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String a = raw.get(i);
            if (a.startsWith("--")) {
                if (flags.contains(a)) {
                    options.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(a)) {
                    if (i + 1 >= raw.size()) {
                        throw new CliException(2, a + " needs a value");
                    }
                    options.computeIfAbsent(a, k -> new ArrayList<>()).add(raw.get(++i));
                } else {
                    throw new CliException(2, "unknown option " + a);
                }
            } else {
                positional.add(a);
            }
        }
        return new Args(positional, options);
    }

    String option(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }
}
