package io.harwarden.casestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseStoreProducerTest {
    @TempDir
    Path dir;

    private CaseStoreFactory filesystem() {
        return new CaseStoreFactory() {
            @Override
            public String type() {
                return "filesystem";
            }

            @Override
            public CaseStore create() throws java.io.IOException {
                return new FilesystemCaseStore(dir);
            }
        };
    }

    @Test
    void theConfiguredNameChoosesTheStore() {
        assertEquals("filesystem", CaseStoreProducer.select("filesystem", List.of(filesystem())).type());
    }

    @Test
    void anUnknownNameStopsTheStartNamingTheKnownOnes() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CaseStoreProducer.select("sharepoint", List.of(filesystem())));
        assertEquals("harwarden.store.type=sharepoint is not a known case store (known: filesystem)", e.getMessage());
    }
}
