package io.harwarden.har;

/**
 * Fail-closed: the re-scan of the sanitized output still found a secret, so the output must not be published as
 * clean. Names the category and place, never the value.
 */
public final class LeakDetectedException extends SanitizeException {
    private final Category category;
    private final String where;

    public LeakDetectedException(Category category, String where) {
        super("re-scan of the sanitized output still found a " + category.label() + " secret at " + where
                + "; the output is not published");
        this.category = category;
        this.where = where;
    }

    public Category category() {
        return category;
    }

    public String where() {
        return where;
    }
}
