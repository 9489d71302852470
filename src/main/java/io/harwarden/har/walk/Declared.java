package io.harwarden.har.walk;

/**
 * What the fields of a body declare about its text, read defensively: duplicate {@code mimeType} fields that disagree
 * (or one that is not a string) declare no type at all, and any {@code encoding} of base64 counts. A declaration only
 * chooses how the text is read; it never exempts the text from being read.
 */
public final class Declared {
    private String mimeType;
    private boolean conflicting;
    private boolean base64;

    static Declared of(Node.Obj body) {
        Declared declared = new Declared();
        for (Node.Field f : body.fields()) {
            declared.see(f.name(), f.value());
        }
        return declared;
    }

    void see(String field, Node value) {
        see(field, value instanceof Node.Str s ? s.value() : null, value instanceof Node.Str);
    }

    /** A field as it streams by; {@code isString} false for a value of another type. */
    void see(String field, String value, boolean isString) {
        if (field.equals("mimeType")) {
            if (!isString || mimeType != null && !mimeType.equals(value)) {
                conflicting = true;
            }
            mimeType = isString ? value : mimeType;
        } else if (field.equals("encoding") && isString && value.equalsIgnoreCase("base64")) {
            base64 = true;
        }
    }

    /** The declared MIME type, or null when none or several were declared. */
    String mimeType() {
        return conflicting ? null : mimeType;
    }

    String encoding() {
        return base64 ? "base64" : null;
    }

    /** Declared media: text that may be copied through with only its base64 alphabet checked. */
    boolean media() {
        return mimeType() != null && MimeTypes.isMedia(mimeType());
    }
}
