package io.harwarden.casestore;

import java.io.Closeable;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A store that passes every call to another; tests override the calls they put a fault into. */
public abstract class ForwardingCaseStore implements CaseStore {
    protected final CaseStore delegate;

    protected ForwardingCaseStore(CaseStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Optional<String> ownAccount() throws CaseStoreException {
        return delegate.ownAccount();
    }

    @Override
    public java.time.Duration pollInterval() {
        return delegate.pollInterval();
    }

    @Override
    public List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException {
        return delegate.attachments(caseId);
    }

    @Override
    public List<AttachmentRef> changedSince(Instant since) throws CaseStoreException {
        return delegate.changedSince(since);
    }

    @Override
    public InputStream open(AttachmentRef attachment) throws CaseStoreException {
        return delegate.open(attachment);
    }

    @Override
    public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
        return delegate.upload(caseId, upload, content);
    }

    @Override
    public void delete(AttachmentRef attachment) throws CaseStoreException {
        delegate.delete(attachment);
    }

    @Override
    public void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException {
        delegate.appendNote(caseId, key, text);
    }

    @Override
    public Optional<Closeable> watch(Runnable changed) throws CaseStoreException {
        return delegate.watch(changed);
    }
}
