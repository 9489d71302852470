package io.harwarden.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The embedded default's reader of the dead-letter channel: one error line per file given up, for the platform
 * team's log alerts. With a broker under the channels, any other consumer can read the same records.
 */
@ApplicationScoped
public class DeadLetterLog {
    private static final Logger LOG = Logger.getLogger(DeadLetterLog.class);

    @Incoming("dead-letters-in")
    public void record(DeadLetter letter) {
        LOG.errorf("gave up on %s (attachment %s) on case %s after all retries: %s; %s; next attempt at %s",
                letter.name(), letter.attachmentId(), letter.caseId(), letter.reason(), letter.state(),
                letter.retryAt());
    }
}
