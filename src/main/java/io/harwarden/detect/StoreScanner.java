package io.harwarden.detect;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.Capability;
import io.harwarden.channel.Keyed;
import io.harwarden.pipeline.JobJournal;
import io.harwarden.pipeline.JobLeases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Finds HAR uploads by scanning the store (the case store is the source of truth: a plaintext HAR on a case is work
 * to do). Emits each complete upload once onto the {@code uploads-out} channel, until the pipeline reports it done or
 * parks it after a failure; HAR Warden's own outputs are recognised by the journal, so a customer file named like one
 * is still processed. At the first scan and every {@code resume-interval} it also sends the journal's unfinished jobs
 * again, so a job whose original is gone (cut between deleting the plaintext and writing the note) still finishes.
 * Instances sharing a journal elect one scanner at a time with a lease renewed at every tick; what the pipeline made of
 * an upload comes back to it on the {@code settled} channels from whichever instance processed it. A second scanner
 * (a lease taken over in the middle of a slow scan) would only send duplicates, which job leases make harmless.
 */
@ApplicationScoped
public class StoreScanner {
    private static final Logger LOG = Logger.getLogger(StoreScanner.class);

    /** Uploads sent and not yet finished or parked; beyond this the scanner waits, so the channel never overflows. */
    static final int MAX_IN_FLIGHT = 256;
    /** Sniffed non-HAR uploads remembered: about 100 bytes each. */
    static final int MAX_NOT_HAR = 50_000;

    private final CaseStore store;
    private final JobJournal journal;
    private final Emitter<UploadEvent> uploads;
    private final Stability<String> stability;
    private final Duration overlap;
    private final Duration fullScanInterval;
    /** Sent and not yet finished or parked, with the attachment as listed and when it was sent. */
    private final Map<String, InFlight> emitted = new HashMap<>();
    private final Map<String, Parked> parked = new HashMap<>();
    /** Uploads whose start showed they are no HAR file: the most recently seen, in bounded memory. */
    private final Map<String, Boolean> notHar = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_NOT_HAR;
        }
    };
    private final String storeKey;
    private final Duration resumeInterval;
    private Instant lastResume;
    private final Counter detected;
    private final Clock clock;
    private final JobLeases leases;
    private final CaseHints hints;
    private final String leaderLease;
    private final Duration leaderTerm;
    private boolean leading;
    private Instant lastScan;
    private Instant lastFullScan;
    /** Where detection got to, null for nowhere yet; read from the journal once (this scanner is its only writer). */
    private Instant cursor;
    private boolean cursorRead;

    private record Parked(AttachmentRef attachment, Instant until, boolean resumed) {
    }

    private record InFlight(AttachmentRef attachment, Instant since) {
    }

    @Inject
    StoreScanner(CaseStore store, JobJournal journal,
            @Channel("uploads-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * MAX_IN_FLIGHT)
            Emitter<UploadEvent> uploads,
            DetectConfig config, MeterRegistry registry, JobLeases leases, CaseHints hints) {
        this(store, journal, uploads, config, registry, Clock.systemUTC(), leases, hints);
    }

    StoreScanner(CaseStore store, JobJournal journal, Emitter<UploadEvent> uploads, DetectConfig config,
            MeterRegistry registry, Clock clock, JobLeases leases) {
        this(store, journal, uploads, config, registry, clock, leases, new CaseHints());
    }

    StoreScanner(CaseStore store, JobJournal journal, Emitter<UploadEvent> uploads, DetectConfig config,
            MeterRegistry registry, Clock clock, JobLeases leases, CaseHints hints) {
        this.store = store;
        this.hints = hints;
        this.leases = leases;
        this.leaderTerm = config.leaderLease();
        this.journal = journal;
        this.uploads = uploads;
        this.clock = clock;
        this.stability = new Stability<>(clock, store.capabilities().contains(Capability.ATOMIC_UPLOADS)
                ? Duration.ZERO : config.quietPeriod());
        this.overlap = config.overlap();
        this.fullScanInterval = config.fullScanInterval();
        this.storeKey = store.key();
        this.leaderLease = "detector:" + storeKey;
        this.resumeInterval = config.resumeInterval();
        this.lastFullScan = clock.instant(); // a restart resumes at the saved cursor; the full scan follows later
        this.detected = Counter.builder("harwarden.files.detected")
                .description("HAR uploads found complete on a case and sent to the pipeline").register(registry);
    }

    @Scheduled(every = "${harwarden.detect.scan-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // not while the channels start or stop
    synchronized void scan() {
        Instant now = clock.instant();
        List<CaseId> hinted = hints.drain();
        if (!leads(now)) {
            return; // another instance detects: its polling finds what the hints named
        }
        lookAt(hinted);
        if (lastScan != null && now.isBefore(lastScan.plus(store.pollInterval()))) {
            return;
        }
        lastScan = now;
        try {
            if (!cursorRead) {
                cursor = journal.detectionCursor(storeKey).orElse(null);
                cursorRead = true;
            }
            boolean full = cursor == null || !now.isBefore(lastFullScan.plus(fullScanInterval));
            Instant since = full ? Instant.EPOCH : cursor.minus(overlap);
            Instant lowWater = now;
            for (AttachmentRef a : store.changedSince(since)) {
                if (!consider(a)) {
                    lowWater = earlier(lowWater, a.modified());
                }
            }
            for (AttachmentRef dueAgain : dueParked(now)) {
                consider(dueAgain); // parked files are not held in the cursor: they come back from here
            }
            if (lastResume == null || !now.isBefore(lastResume.plus(resumeInterval))) {
                resumeUnfinished(now);
                lastResume = now;
            }
            for (InFlight inFlight : emitted.values()) {
                lowWater = earlier(lowWater, inFlight.attachment().modified());
            }
            if (!lowWater.equals(cursor)) {
                journal.saveDetectionCursor(storeKey, lowWater);
                cursor = lowWater;
            }
            if (full) {
                lastFullScan = now;
            }
        } catch (CaseStoreException | RuntimeException e) {
            LOG.warnf("scan of the %s store failed, the next one tries again: %s", store.type(), e.getMessage());
        }
    }

    /** The cases a webhook named, read at once (polling is the safety net, so a failure here only waits for it). */
    private void lookAt(List<CaseId> hinted) {
        for (CaseId caseId : hinted) {
            try {
                for (AttachmentRef a : store.attachments(caseId)) {
                    consider(a);
                }
            } catch (CaseStoreException | RuntimeException e) {
                LOG.warnf("cannot read case %s named by a webhook, polling will find its files: %s", caseId,
                        e.getMessage());
            }
        }
    }

    /**
     * Whether this instance is the one that detects, now: it takes or renews the detector's lease at every tick. One
     * that becomes the detector reads the shared cursor again (the previous one moved it) and resumes the journal.
     */
    private boolean leads(Instant now) {
        boolean leads;
        try {
            leads = leases.take(leaderLease, now.plus(leaderTerm));
        } catch (RuntimeException e) {
            LOG.warnf("cannot tell whether this instance detects uploads, the next scan asks again: %s",
                    e.getMessage());
            return false;
        }
        if (leads != leading) {
            leading = leads;
            if (leads) {
                LOG.infof("this instance (%s) detects uploads on the %s store", leases.owner(), store.type());
                cursorRead = false;
                lastScan = null;
                lastResume = null;
            } else {
                LOG.infof("another instance detects uploads on the %s store now; this one processes what it sends",
                        store.type());
            }
        }
        return leads;
    }

    /** A stopping instance hands detection over at once instead of at the end of its lease. */
    @PreDestroy
    synchronized void stepDown() {
        if (leading) {
            try {
                leases.release(leaderLease);
            } catch (RuntimeException e) {
                LOG.debugf("the detector's lease ends at its time: %s", e.getMessage());
            }
            leading = false;
        }
    }

    /**
     * What another instance made of an upload; this instance's own outcomes reached its scanner directly. On a worker
     * thread: it may wait for a scan in progress.
     */
    @Incoming("settled-in")
    @Blocking
    public void settled(Settled settled) {
        if (settled.instance().equals(leases.owner())) {
            return;
        }
        if (settled.parkedUntil() == null) {
            done(settled.event());
        } else {
            park(settled.event(), settled.parkedUntil());
        }
    }

    /**
     * Sends the attachment on if it is a complete HAR upload not yet sent. Returns whether it is settled (sent,
     * parked, one of HAR Warden's outputs, or not a HAR file); an unsettled one holds the detection cursor back.
     */
    private boolean consider(AttachmentRef a) throws CaseStoreException {
        String key = key(a.caseId().value(), a.id());
        if (emitted.containsKey(key) || parked.containsKey(key) || isOwnOutput(a) || journal.isOutput(storeKey, a)) {
            return true;
        }
        if (emitted.size() >= MAX_IN_FLIGHT) {
            return false; // the pipeline is busy: the rest waits for a later scan, in memory nowhere
        }
        if (!stability.isComplete(key, a.size(), a.modified())) {
            return false;
        }
        if (!isHar(a)) {
            stability.forget(key);
            return true;
        }
        Instant firstSeen = stability.firstSeen(key);
        stability.forget(key);
        detected.increment();
        return send(key, a, new UploadEvent(store.type(), a.caseId().value(), a.id(), a.name(), a.size(), firstSeen));
    }

    /**
     * Sends the journal's unfinished jobs that nothing is handling: their originals may be gone from the case (so no
     * listing finds them), or have been replaced by another upload under the same id.
     */
    private void resumeUnfinished(Instant now) {
        for (var job : journal.unfinished(storeKey)) {
            String key = resumeKey(job.id());
            if (emitted.size() >= MAX_IN_FLIGHT) {
                return; // the rest waits for the next pass
            }
            if (emitted.containsKey(key) || parked.containsKey(key)
                    || emitted.containsKey(key(job.original().caseId().value(), job.original().id()))) {
                continue;
            }
            AttachmentRef a = job.original();
            send(key, a, new UploadEvent(store.type(), a.caseId().value(), a.id(), a.name(), a.size(),
                    job.detectedAt(), job.id()));
        }
    }

    /** Sends one event; false when the channel refused it (it is sent again from a later scan). */
    private boolean send(String key, AttachmentRef a, UploadEvent event) {
        emitted.put(key, new InFlight(a, clock.instant()));
        try {
            Keyed.send(uploads, event, event.caseId()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warnf("the uploads channel dropped %s on case %s, will send it again: %s", event.name(),
                            event.caseId(), failure.getMessage());
                    done(event);
                }
            });
            return true;
        } catch (RuntimeException refused) { // the channel cannot take it now
            emitted.remove(key);
            LOG.warnf("the uploads channel refused %s on case %s, will send it again: %s", event.name(),
                    event.caseId(), refused.getMessage());
            return false;
        }
    }

    /** Uploaded by HAR Warden's own account with its mark: an output, even if the journal that recorded it is lost. */
    private boolean isOwnOutput(AttachmentRef a) throws CaseStoreException {
        return a.markedAsOutput() && !a.uploader().isEmpty()
                && store.ownAccount().filter(a.uploader()::equals).isPresent();
    }

    private List<AttachmentRef> dueParked(Instant now) {
        List<AttachmentRef> due = new ArrayList<>();
        parked.values().removeIf(p -> {
            if (now.isBefore(p.until())) {
                return false;
            }
            if (!p.resumed()) {
                due.add(p.attachment()); // a resumed job comes back with the next resume pass instead
            }
            return true;
        });
        return due;
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    /** Called when a file is finished or gone, so that a new upload under the same name is seen again. */
    public synchronized void done(UploadEvent event) {
        emitted.remove(key(event));
    }

    /** Called when a file failed after all retries: it is left alone until {@code until}. */
    public synchronized void park(UploadEvent event, Instant until) {
        String key = key(event);
        InFlight inFlight = emitted.remove(key);
        if (inFlight != null) {
            parked.put(key, new Parked(inFlight.attachment(), until, event.jobId() != null));
        }
    }

    /** When the longest-waiting file sent to the pipeline was sent, if any is waiting: readiness watches it. */
    public synchronized Optional<Instant> oldestInFlight() {
        return emitted.values().stream().map(InFlight::since).min(Instant::compareTo);
    }

    private static String key(UploadEvent event) {
        return event.jobId() != null ? resumeKey(event.jobId()) : key(event.caseId(), event.attachmentId());
    }

    private static String key(String caseId, String attachmentId) {
        return caseId + '/' + attachmentId;
    }

    /** Resumed jobs are keyed apart: a new upload under the same id may be in flight at the same time. */
    private static String resumeKey(String jobId) {
        return "job:" + jobId;
    }

    private boolean isHar(AttachmentRef a) {
        return switch (HarRecognizer.byName(a.name())) {
            case HAR -> true;
            case NOT_HAR -> false;
            case MAYBE -> sniff(a);
        };
    }

    /**
     * Reads the start of a file whose name does not say. A "no" is remembered for that very upload (its revision), so
     * that full scans do not download every {@code .json} and {@code .txt} on every case again: on a hosted system
     * each download counts against the API's limit.
     */
    private boolean sniff(AttachmentRef a) {
        String upload = key(a.caseId().value(), a.id()) + '|' + a.revision();
        if (notHar.containsKey(upload)) {
            return false;
        }
        boolean har;
        try (InputStream in = store.open(a)) {
            har = HarRecognizer.looksLikeHar(in);
        } catch (CaseStoreException | IOException e) {
            return false; // not remembered: the next scan tries again
        }
        if (!har) {
            notHar.put(upload, Boolean.TRUE);
        }
        return har;
    }
}
