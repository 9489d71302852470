package io.harwarden.exception;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Expires the requests and grants nobody touched, every minute (a request read meanwhile is expired on reading). */
@ApplicationScoped
public class ExpirySweep {
    private final ExceptionWorkflow workflow;

    ExpirySweep(ExceptionWorkflow workflow) {
        this.workflow = workflow;
    }

    @Scheduled(every = "1m", delay = 1, concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void expire() {
        workflow.expireDue();
    }
}
