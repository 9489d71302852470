package io.harwarden.har;

/** The kind of name a value was redacted under; the report lists redacted names per kind. */
public enum NameKind {
    HEADER("headers"),
    COOKIE("cookies"),
    QUERY_PARAM("queryParams"),
    FORM_FIELD("formFields"),
    BODY_KEY("bodyKeys"),
    /** Not a name: the catalogue id of a credential format recognised by its shape. */
    FORMAT("formats");

    private final String label;

    NameKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
