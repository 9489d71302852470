package io.harwarden.casestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harwarden.pipeline.FileProcessor;
import io.harwarden.pipeline.JdbcJournal;
import io.harwarden.pipeline.Step;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every case store's whole-flow suite proves the same way: a crash before or after any changing call, then a
 * second run, leaves the case finished with nothing twice. Each suite says how to reach its store and what a finished
 * case looks like there.
 */
public abstract class StoreFlowSuite {

    /** The store, signed in. */
    protected abstract CaseStore store();

    /** The customer's HAR upload on this test's case, as the store lists it. */
    protected abstract AttachmentRef original(CaseStore store) throws Exception;

    @Inject
    protected JdbcJournal journal;
    @TempDir
    protected Path tmp;

    /** The real pipeline on {@code store}, with the daemon's journal. */
    protected FileProcessor processor(CaseStore store) throws Exception {
        return StoreFlows.processor(store, journal, tmp.resolve("work"));
    }

    /** Two copies, the plaintext gone, one internal note; nothing for the customer to see. */
    protected abstract void assertFinished() throws Exception;

    @ParameterizedTest(name = "crash {1} {0} #{2}")
    @CsvSource({"open,before,1", "upload,before,1", "upload,after,1", "upload,before,2", "upload,after,2",
            "delete,before,1", "delete,after,1", "appendNote,before,1", "appendNote,after,1"})
    void aCrashBetweenAnyTwoChangingCallsIsFinishedByTheNextRunWithNoDuplicate(String operation, String when,
            int nth) throws Exception {
        CaseStore store = store();
        AttachmentRef original = original(store);
        CrashingStore crashing = new CrashingStore(store, operation, when.equals("after"), nth);
        assertThrows(CrashingStore.Crash.class, () -> processor(crashing).process(original));

        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished();
    }
}
