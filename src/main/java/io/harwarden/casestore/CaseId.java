package io.harwarden.casestore;

/** A case in a case system: a folder name, a Redmine issue number, a Salesforce record id. */
public record CaseId(String value) {
    public CaseId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a case id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
