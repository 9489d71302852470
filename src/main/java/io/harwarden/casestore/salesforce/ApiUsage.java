package io.harwarden.casestore.salesforce;

import java.net.http.HttpHeaders;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The org's daily API requests as Salesforce reports them on every answer ({@code Sforce-Limit-Info:
 * api-usage=123/15000}, a rolling 24 hours shared by every integration of the org): the last figures, for the
 * metrics, and one warning each time the share used crosses {@code warnAt}, before the limit stops every call.
 */
final class ApiUsage {
    private static final Logger LOG = Logger.getLogger(ApiUsage.class);
    private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d{1,12})/(\\d{1,12})");

    private final double warnAt;
    private final AtomicLong used = new AtomicLong(-1);
    private final AtomicLong limit = new AtomicLong(-1);
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param warnAt the share of the limit (0 to 1) at which to warn */
    ApiUsage(double warnAt) {
        this.warnAt = warnAt;
    }

    void seen(HttpHeaders headers) {
        headers.firstValue("Sforce-Limit-Info").ifPresent(this::seen);
    }

    void seen(String header) {
        Matcher m = API_USAGE.matcher(header);
        if (!m.find()) {
            return;
        }
        long nowUsed = Long.parseLong(m.group(1));
        long nowLimit = Long.parseLong(m.group(2));
        used.set(nowUsed);
        limit.set(nowLimit);
        boolean high = nowLimit > 0 && nowUsed >= warnAt * nowLimit;
        if (high && warned.compareAndSet(false, true)) {
            LOG.warnf("the Salesforce org has used %d of its %d API requests of the last 24 hours; at the limit every "
                    + "call fails (REQUEST_LIMIT_EXCEEDED) until the usage falls, for HAR Warden and every other "
                    + "integration", nowUsed, nowLimit);
        } else if (!high) {
            warned.set(false);
        }
    }

    /** Requests used in the last 24 hours, or -1 before the first answer. */
    double used() {
        return used.get();
    }

    /** The org's limit for 24 hours, or -1 before the first answer. */
    double limit() {
        return limit.get();
    }

    boolean warned() {
        return warned.get();
    }
}
