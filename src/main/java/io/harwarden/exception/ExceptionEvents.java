package io.harwarden.exception;

import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditRecord;
import java.util.List;
import org.jboss.logging.Logger;

/** Where the workflow's events go besides the audit chain: a note on the case, metrics. */
public interface ExceptionEvents {
    /** Called once the event is in the audit chain ({@code record}); {@code request} is as it stands after it. */
    void happened(AuditEvent event, ExceptionRequest request, AuditRecord record);

    /** Every listener in turn; one that fails does not keep the others from hearing. */
    static ExceptionEvents all(List<ExceptionEvents> listeners) {
        return (event, request, record) -> {
            for (ExceptionEvents listener : listeners) {
                try {
                    listener.happened(event, request, record);
                } catch (RuntimeException e) {
                    Logger.getLogger(ExceptionEvents.class).warnf("a listener of %s failed: %s",
                            event.label(), e.getMessage());
                }
            }
        };
    }
}
