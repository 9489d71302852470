package io.harwarden.har.detect;

import io.harwarden.har.Category;
import java.util.List;

/**
 * One credential format of the catalogue.
 *
 * @param id a stable name, which may appear in reports (never the value)
 * @param vendor who issues it
 * @param category what the report counts it as
 * @param shape its format
 * @param needsKeyword whether it is recognised only beside one of {@code keywords} (a generic value such as 32 hex
 *     characters), or anywhere by its shape alone
 * @param keywords lower-case vendor words that name it (in a key, a header, a parameter, or just before it in text)
 */
public record Credential(String id, String vendor, Category category, Shape shape, boolean needsKeyword,
        List<String> keywords) {

    public Credential {
        keywords = List.copyOf(keywords);
    }
}
