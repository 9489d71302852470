package io.harwarden.casestore;

import java.io.IOException;

/**
 * Makes one kind of case store. Each adapter contributes one factory bean; the daemon uses the one whose
 * {@link #type()} equals {@code harwarden.store.type}.
 */
public interface CaseStoreFactory {

    /** The configuration name, such as {@code filesystem}. */
    String type();

    CaseStore create() throws IOException;
}
