package io.harwarden.har.walk;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.NameKind;
import io.harwarden.har.detect.NameRules;
import io.harwarden.har.detect.SecretValues;
import java.util.Locale;
import java.util.Optional;

/** Header values by header name: credentials, cookies, URLs, and free text for the rest. */
public final class Headers {
    private final NameRules rules;
    private final SecretValues secrets;
    private final Cookies cookies;
    private final Strings strings;

    Headers(NameRules rules, SecretValues secrets, Cookies cookies, Strings strings) {
        this.rules = rules;
        this.secrets = secrets;
        this.cookies = cookies;
        this.strings = strings;
    }

    public String sanitize(String name, String value, Location at) {
        if (value.isEmpty()) {
            return value;
        }
        switch (name.toLowerCase(Locale.ROOT).trim()) {
            case "cookie":
                return cookies.cookieHeader(value, at);
            case "set-cookie":
                return cookies.setCookieHeader(value, at);
            case "referer", "location", "origin", "content-location", ":path":
                return strings.url(value, at);
            default:
                Optional<Category> category = rules.header(name);
                return category.isPresent() ? secrets.redact(value, category.get(), at, NameKind.HEADER, name)
                        : strings.sanitize(name, value, at);
        }
    }
}
