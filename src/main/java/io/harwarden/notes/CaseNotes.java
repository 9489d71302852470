package io.harwarden.notes;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Renders case notes from the templates in {@code templates/CaseNotes/}: plain text that reads well in any case
 * system, English ({@code en}) by default, Japanese ({@code ja}) available.
 */
public final class CaseNotes {

    /** The note languages. */
    public enum Language {
        EN, JA
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance en(CaseNote note);

        static native TemplateInstance ja(CaseNote note);
    }

    private CaseNotes() {
    }

    public static String render(CaseNote note, Language language) {
        TemplateInstance template = language == Language.JA ? Templates.ja(note) : Templates.en(note);
        return template.render().strip();
    }
}
