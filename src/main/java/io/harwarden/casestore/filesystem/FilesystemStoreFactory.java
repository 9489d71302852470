package io.harwarden.casestore.filesystem;

import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreFactory;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;

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

    @Override
    public CaseStore create() throws IOException {
        return new FilesystemCaseStore(Path.of(config.root()));
    }
}
