package io.harwarden.webhook;

import io.harwarden.casestore.CaseId;
import java.util.Optional;

/** What {@link WebhookGate} made of a delivery. */
public sealed interface Verdict {

    /** Signed, fresh and new: the case (if it names one) is to be looked at. */
    record Accepted(Optional<CaseId> caseId) implements Verdict {
    }

    /** Refused with an HTTP status and a reason that tells the sender's admin what is wrong, and nothing else. */
    record Refused(int status, String reason) implements Verdict {
    }
}
