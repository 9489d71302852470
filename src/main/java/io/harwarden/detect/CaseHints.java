package io.harwarden.detect;

import io.harwarden.casestore.CaseId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Cases a case system said changed (through a webhook), waiting for the detector's next tick, which reads them
 * through the store's API: a hint names a case, never what to do with it. Bounded; a case named twice waits once.
 */
@ApplicationScoped
public class CaseHints {
    /** More waiting cases than this is a flood: further hints are refused and the sender retries later. */
    static final int CAPACITY = 10_000;

    private final LinkedHashSet<CaseId> waiting = new LinkedHashSet<>();

    /** False when the queue is full (the caller answers so that the sender sends again). */
    public synchronized boolean offer(CaseId caseId) {
        if (waiting.contains(caseId)) {
            return true;
        }
        if (waiting.size() >= CAPACITY) {
            return false;
        }
        waiting.add(caseId);
        return true;
    }

    /** The waiting cases, oldest first; the queue is empty afterwards. */
    public synchronized List<CaseId> drain() {
        List<CaseId> all = List.copyOf(waiting);
        waiting.clear();
        return all;
    }
}
