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

        static native TemplateInstance refusedEn(RefusedUpload refused);

        static native TemplateInstance refusedJa(RefusedUpload refused);

        static native TemplateInstance exceptionEn(ExceptionNote note);

        static native TemplateInstance exceptionJa(ExceptionNote note);
    }

    private CaseNotes() {
    }

    public static String render(CaseNote note, Language language) {
        TemplateInstance template = language == Language.JA ? Templates.ja(note) : Templates.en(note);
        return template.render().strip();
    }

    /** The note for an event of an exception request. */
    public static String render(ExceptionNote note, Language language) {
        TemplateInstance template = language == Language.JA ? Templates.exceptionJa(note) : Templates.exceptionEn(note);
        return template.render().strip();
    }

    /** The note for a file whose copy the case system refused: the plaintext stays, and ops must act. */
    public static String render(RefusedUpload refused, Language language) {
        TemplateInstance template = language == Language.JA ? Templates.refusedJa(refused)
                : Templates.refusedEn(refused);
        return template.render().strip();
    }
}
