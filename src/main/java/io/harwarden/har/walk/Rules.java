package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonFactory;
import io.harwarden.har.HarObserver;
import io.harwarden.har.RedactionTally;
import io.harwarden.har.detect.NameRules;
import io.harwarden.har.detect.Redactor;
import io.harwarden.har.detect.SecretValues;
import io.harwarden.har.detect.TextScanner;

/** The rule objects for one walking thread, wired to one redactor (one HMAC key, one tally) and one listener. */
public final class Rules {
    final NameRules names;
    final SecretValues secrets;
    public final TextScanner scanner;
    public final FormFields forms;
    public final Strings strings;
    final Cookies cookies;
    public final Headers headers;
    public final Bodies bodies;
    /** Shown the original's entry fields as the walker reads them. */
    final HarObserver.Listener listener;

    public Rules(NameRules names, Redactor redactor, JsonFactory bodyFactory) {
        this(names, redactor, bodyFactory, HarObserver.IGNORED);
    }

    public Rules(NameRules names, Redactor redactor, JsonFactory bodyFactory, HarObserver.Listener listener) {
        this.listener = listener;
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
