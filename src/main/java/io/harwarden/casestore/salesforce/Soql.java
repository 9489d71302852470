package io.harwarden.casestore.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.harwarden.casestore.CaseStoreException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SOQL as the store writes it: every id checked against Salesforce's shape for its object before it goes into a query
 * or a URL path (nothing else can close a quote), {@code IN (…)} lists in chunks, and every page of an answer.
 */
final class Soql {
    /** Ids per {@code IN (…)} list: well inside SOQL's statement length. */
    static final int IDS_PER_QUERY = 100;

    /** The objects whose ids the store handles, by their three-character key prefix; 15 or 18 characters. */
    enum Id {
        CASE("500", "a Salesforce case id"),
        EMAIL("02s", "an EmailMessage id"),
        DOCUMENT("069", "a ContentDocument id"),
        VERSION("068", "a ContentVersion id");

        private final Pattern shape;
        private final String what;

        Id(String prefix, String what) {
            this.shape = Pattern.compile(prefix + "[A-Za-z0-9]{12}([A-Za-z0-9]{3})?");
            this.what = what;
        }

        boolean matches(String id) {
            return shape.matcher(id).matches();
        }

        /** The id, when it has this object's shape; else not found (no such record can exist). */
        String checked(String id) throws CaseStoreException {
            if (!matches(id)) {
                throw new CaseStoreException.NotFound("\"" + id + "\" is not " + what);
            }
            return id;
        }
    }

    private Soql() {
    }

    /** {@code ids} as the insides of {@code IN (…)} lists ({@code 'a','b'}), {@value #IDS_PER_QUERY} ids each. */
    static List<String> inLists(List<String> ids, Id kind) throws CaseStoreException {
        List<String> lists = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY));
            for (String id : chunk) {
                kind.checked(id);
            }
            lists.add(chunk.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")));
        }
        return lists;
    }

    /** Every record of a query, page after page ({@code nextRecordsUrl}) until {@code done}. */
    static List<JsonNode> query(SalesforceHttp http, String soql, String what) throws CaseStoreException {
        List<JsonNode> records = new ArrayList<>();
        JsonNode page = http.getJson("query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), what);
        for (int pages = 0; ; pages++) {
            page.path("records").forEach(records::add);
            String next = page.path("nextRecordsUrl").asText("");
            if (page.path("done").asBoolean(true) || next.isEmpty()) {
                return records;
            }
            if (pages > 10_000 || !next.startsWith("/services/data/")) {
                throw new CaseStoreException.Transient("cannot " + what + ": Salesforce's pages do not end", null);
            }
            page = http.getJson(next, what);
        }
    }
}
