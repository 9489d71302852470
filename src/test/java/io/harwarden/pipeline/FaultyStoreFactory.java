package io.harwarden.pipeline;

import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.CaseStoreFactory;
import io.harwarden.casestore.ForwardingCaseStore;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A filesystem store at the edge of the test that refuses every upload to a case whose name starts with
 * {@code refusing-}, as a case system does when it is down for one tenant; selected with
 * {@code harwarden.store.type=faulty}.
 */
@ApplicationScoped
public class FaultyStoreFactory implements CaseStoreFactory {
    static final Path ROOT = Path.of("target/test-data/faulty-cases");
    /** Refused uploads per case (earlier runs' cases under the same root are refused too). */
    static final Map<String, AtomicInteger> REFUSED = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "faulty";
    }

    @Override
    public CaseStore create() throws IOException {
        return new ForwardingCaseStore(new FilesystemCaseStore(ROOT)) {
            @Override
            public String type() {
                return "faulty";
            }

            @Override
            public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
                if (caseId.value().startsWith("refusing-")) {
                    REFUSED.computeIfAbsent(caseId.value(), c -> new AtomicInteger()).incrementAndGet();
                    throw new CaseStoreException.Transient("the case system answered 503 to the upload", null);
                }
                return delegate.upload(caseId, upload, content);
            }
        };
    }
}
