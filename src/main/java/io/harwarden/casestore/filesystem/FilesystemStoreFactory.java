package io.harwarden.casestore.filesystem;

import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.CaseStoreFactory;
import io.harwarden.files.FileNames;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/** Contributes the {@code filesystem} store. */
@ApplicationScoped
public class FilesystemStoreFactory implements CaseStoreFactory {

    /** The filesystem store's settings. */
    @ConfigMapping(prefix = "harwarden.store.filesystem")
    public interface FilesystemConfig {
        /** The folder holding one folder per case; created if missing. */
        @WithDefault("./data/cases")
        String root();
    }

    private final FilesystemConfig config;

    FilesystemStoreFactory(FilesystemConfig config) {
        this.config = config;
    }

    @Override
    public String type() {
        return "filesystem";
    }

    /** The store, after removing what killed uploads left in its case folders. */
    @Override
    public CaseStore create() throws IOException {
        FilesystemCaseStore store = new FilesystemCaseStore(FileNames.of(config.root()));
        try {
            store.removeOrphanUploads();
        } catch (CaseStoreException e) {
            // the root cannot be listed now: detection reports that, and the next start cleans up
        }
        return store;
    }
}
