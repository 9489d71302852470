package io.harwarden.pipeline;

import io.harwarden.casestore.CaseId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A journal that lives as long as the process: enough for tests of the steps (a restart is a new processor over the
 * same journal). The daemon's durable journal (an embedded database file) is the next piece of work.
 */
public final class InMemoryJournal implements JobJournal {
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    @Override
    public Optional<Job> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public void save(Job job) {
        jobs.put(job.id(), job);
    }

    @Override
    public boolean isOutput(CaseId caseId, String attachmentId) {
        return jobs.values().stream().anyMatch(j -> j.original().caseId().equals(caseId)
                && (isId(j.sanitized(), attachmentId) || isId(j.encrypted(), attachmentId)));
    }

    private static boolean isId(Job.Output output, String attachmentId) {
        return output != null && attachmentId.equals(output.attachmentId());
    }
}
