package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryIndexTest {
    private static List<EntryIndex.Row> rows(InputStream har, java.util.function.Predicate<EntryIndex.Row> keep,
            int max) throws IOException {
        List<EntryIndex.Row> rows = new ArrayList<>();
        EntryIndex.read(har, keep, row -> {
            rows.add(row);
            return rows.size() < max;
        });
        return rows;
    }

    @Test
    void eachEntryIsATimeAMethodAHostAndPathAndAStatus() throws Exception {
        List<EntryIndex.Row> all = rows(getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har"),
                row -> true, 100);
        assertEquals(7, all.size());
        assertEquals(List.of(200, 200, 302, 200, 200, 101, 200), all.stream().map(EntryIndex.Row::status).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), all.stream().map(EntryIndex.Row::index).toList());
        assertEquals(List.of(2), rows(getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har"),
                row -> row.inClass('3'), 100).stream().map(EntryIndex.Row::index).toList());
        assertEquals(2, rows(getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har"), row -> true,
                2).size(), "reading stops when told");
    }

    @Test
    void aUrlLosesItsQueryAndOddEntriesStillList() throws Exception {
        String har = """
                {"log":{"version":"1.2","entries":[
                 {"startedDateTime":"2026-01-01T00:00:00Z","request":{"method":"GET",
                  "url":"https://api.example.com/v1/orders?token=[REDACTED:token:0123abcd]#x"},"response":{"status":404}},
                 {"request":"not an object","response":[]},
                 {"request":{"url":"not a url?q=1"}}]}}""";
        List<EntryIndex.Row> rows = rows(new ByteArrayInputStream(har.getBytes(StandardCharsets.UTF_8)), r -> true,
                10);
        assertEquals(new EntryIndex.Row(0, "2026-01-01T00:00:00Z", "GET", "api.example.com/v1/orders", 404),
                rows.get(0));
        assertEquals(new EntryIndex.Row(1, "", "", "", 0), rows.get(1));
        assertEquals("not a url", rows.get(2).hostAndPath());
        assertThrows(IOException.class, () -> rows(new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8)),
                r -> true, 10));
    }
}
