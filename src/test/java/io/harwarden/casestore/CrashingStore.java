package io.harwarden.casestore;

import java.io.InputStream;

/** A store that crashes at the n-th call of one operation, before or after doing it. */
public final class CrashingStore extends ForwardingCaseStore {
    /** Simulates the process dying: thrown at a chosen call, before or after its side effect. */
    public static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    private final String operation;
    private final boolean after;
    private int remaining;

    public CrashingStore(CaseStore delegate, String operation, boolean after, int nth) {
        super(delegate);
        this.operation = operation;
        this.after = after;
        this.remaining = nth;
    }

    private void before(String op) {
        if (op.equals(operation) && !after && --remaining == 0) {
            throw new Crash();
        }
    }

    private void after(String op) {
        if (op.equals(operation) && after && --remaining == 0) {
            throw new Crash();
        }
    }

    @Override
    public InputStream open(AttachmentRef attachment) throws CaseStoreException {
        before("open");
        return delegate.open(attachment);
    }

    @Override
    public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
        before("upload");
        Uploaded done = delegate.upload(caseId, upload, content);
        after("upload");
        return done;
    }

    @Override
    public void delete(AttachmentRef attachment) throws CaseStoreException {
        before("delete");
        delegate.delete(attachment);
        after("delete");
    }

    @Override
    public void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException {
        before("appendNote");
        delegate.appendNote(caseId, key, text);
        after("appendNote");
    }
}
