package io.harwarden.har;

/** The input is not a HAR file this sanitizer can read; {@link #where()} names the spot when one is known. */
public final class HarInputException extends SanitizeException {

    /** The kinds of bad input, each with its one-line description. */
    public enum Problem {
        EMPTY("the file is empty"),
        NOT_JSON("not valid JSON"),
        TRUNCATED("the JSON ends before the document is complete (truncated file?)"),
        NOT_HAR("not a HAR file"),
        TOO_DEEP("JSON nesting is deeper than the configured limit"),
        STRING_TOO_LONG("a string value is longer than the configured limit"),
        NUMBER_TOO_LONG("a number has more digits than the parser accepts"),
        NAME_TOO_LONG("a key is longer than the parser accepts"),
        BAD_BASE64("a body declared as base64 is not valid base64");

        private final String description;

        Problem(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Problem problem;
    private final String where;

    public HarInputException(Problem problem, String detail, String where) {
        super(problem.description() + (detail == null ? "" : " (" + detail + ")")
                + (where == null ? "" : " at " + where));
        this.problem = problem;
        this.where = where;
    }

    public Problem problem() {
        return problem;
    }

    public String where() {
        return where;
    }
}
