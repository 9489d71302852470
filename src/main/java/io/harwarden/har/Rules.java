package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;

/** The rule objects for one file, wired to one redactor (one HMAC key, one tally). */
final class Rules {
    final NameRules names;
    final SecretValues secrets;
    final TextScanner scanner;
    final FormFields forms;
    final Strings strings;
    final Cookies cookies;
    final Headers headers;
    final Bodies bodies;

    Rules(NameRules names, Redactor redactor, JsonFactory bodyFactory) {
        this.names = names;
        this.secrets = new SecretValues(redactor);
        this.scanner = new TextScanner(secrets, names);
        this.forms = new FormFields(names, secrets, scanner);
        this.strings = new Strings(new UrlSanitizer(forms, scanner), scanner);
        this.cookies = new Cookies(names, secrets, scanner);
        this.headers = new Headers(names, secrets, cookies, strings);
        JsonText json = new JsonText(bodyFactory, names, secrets, strings);
        Documents documents = new Documents(bodyFactory, this, json);
        strings.documents(documents);
        this.bodies = new Bodies(documents, forms, new Multipart(names, secrets), scanner);
    }

    RedactionTally tally() {
        return secrets.redactor().tally();
    }
}
