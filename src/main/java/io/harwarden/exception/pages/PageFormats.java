package io.harwarden.exception.pages;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Template extensions of the pages: values placed in links, and times as people read them. */
final class PageFormats {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private PageFormats() {
    }

    /** A value placed in a link's query, encoded ({@code {caseId.urlEncode}}); null is empty. */
    @TemplateExtension
    static String urlEncode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A time to the minute, in UTC ({@code {r.expiresAt.minutes}}); null is empty. */
    @TemplateExtension
    static String minutes(Instant at) {
        return at == null ? "" : MINUTES.format(at);
    }
}
