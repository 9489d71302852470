package io.harwarden.exception;

import io.harwarden.pipeline.StoredManifest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What a request's scope would disclose, counted from the manifest: each distinct marker once. */
final class Exposures {
    private Exposures() {
    }

    static Exposure of(ExceptionRequest request, StoredManifest manifest) {
        Set<String> markers = new HashSet<>(request.markers());
        Set<Integer> entries = new HashSet<>(request.entries());
        Map<String, Boolean> seen = new HashMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        long[] jwts = new long[3];
        manifest.redactions(r -> {
            boolean inScope = switch (request.scope()) {
                case MARKERS -> markers.contains(r.marker());
                case ENTRIES -> entries.contains(r.entry());
                case FILE -> true;
            };
            if (!inScope || seen.containsKey(r.marker())) {
                return;
            }
            seen.put(r.marker(), Boolean.TRUE);
            byCategory.merge(r.category(), 1L, Long::sum);
            if (r.category().equals("jwt-signature")) {
                jwts[r.expiredAtCapture() == null ? 2 : r.expiredAtCapture() ? 0 : 1]++;
            }
        });
        return new Exposure(seen.size(), byCategory, jwts[0], jwts[1], jwts[2]);
    }
}
