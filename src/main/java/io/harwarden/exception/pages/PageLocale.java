package io.harwarden.exception.pages;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/** The pages' language: Japanese when the browser asks for it before English, English otherwise. */
final class PageLocale {
    static final Locale JAPANESE = Locale.JAPANESE;

    private PageLocale() {
    }

    static Locale of(HttpHeaders headers) {
        for (Locale asked : headers.getAcceptableLanguages()) {
            if (asked.getLanguage().equals("ja")) {
                return JAPANESE;
            }
            if (asked.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }
}
