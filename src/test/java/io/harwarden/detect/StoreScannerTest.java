package io.harwarden.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.Capability;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.ForwardingCaseStore;
import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import io.harwarden.pipeline.JdbcJobLeases;
import io.harwarden.pipeline.Job;
import io.harwarden.pipeline.JobJournal;
import io.harwarden.pipeline.JobLeases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner against a real folder of cases and a channel at the edge that can refuse or drop what it is sent. */
class StoreScannerTest {
    @TempDir
    Path root;

    /** A channel that refuses the first {@code refusals} sends outright and drops (fails) the next {@code drops}. */
    private static final class Channel implements Emitter<UploadEvent> {
        final List<UploadEvent> delivered = new ArrayList<>();
        int refusals;
        int drops;

        @Override
        public CompletionStage<Void> send(UploadEvent event) {
            if (refusals > 0) {
                refusals--;
                throw new IllegalStateException("SRMSG00034: insufficient downstream requests");
            }
            if (drops > 0) {
                drops--;
                return CompletableFuture.failedFuture(new IllegalStateException("nacked"));
            }
            delivered.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <M extends Message<? extends UploadEvent>> void send(M msg) {
            CompletionStage<Void> sent = send((UploadEvent) msg.getPayload()); // a refusal throws, as the emitter does
            sent.whenComplete((ok, failure) -> {
                if (failure == null) {
                    msg.ack();
                } else {
                    msg.nack(failure);
                }
            });
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    /** A journal that knows no outputs and keeps the detection cursor in memory. */
    private static final class CursorOnlyJournal implements JobJournal {
        final Map<String, Instant> cursors = new HashMap<>();
        final List<Job> unfinished = new ArrayList<>();

        @Override
        public Optional<Job> find(String jobId) {
            return Optional.empty();
        }

        @Override
        public void save(Job job) {
        }

        @Override
        public boolean isOutput(String store, AttachmentRef attachment) {
            return false;
        }

        @Override
        public Optional<Job> latest(String store, CaseId caseId, String attachmentId) {
            return Optional.empty();
        }

        @Override
        public List<Job> unfinished(String store) {
            return List.copyOf(unfinished);
        }

        @Override
        public Optional<Instant> detectionCursor(String store) {
            return Optional.ofNullable(cursors.get(store));
        }

        @Override
        public void saveDetectionCursor(String store, Instant position) {
            cursors.put(store, position);
        }

        @Override
        public List<Job> ofCase(CaseId caseId, int limit) {
            return List.of();
        }

        @Override
        public void saveManifest(io.harwarden.pipeline.StoredManifest manifest) {
            throw new UnsupportedOperationException("the scanner keeps no manifests");
        }

        @Override
        public Optional<io.harwarden.pipeline.StoredManifest> manifest(String jobId) {
            return Optional.empty();
        }

        @Override
        public Optional<io.harwarden.pipeline.StoredManifest> manifestCounts(String jobId) {
            return Optional.empty();
        }
    }

    /** A store that lists what the test gives it and records the times it was asked about. */
    private static final class ListedStore extends ForwardingCaseStore {
        final List<Instant> asked = new ArrayList<>();
        List<AttachmentRef> listing = List.of();

        ListedStore(CaseStore delegate) {
            super(delegate);
        }

        @Override
        public String type() {
            return "listed";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.ATOMIC_UPLOADS);
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(10);
        }

        @Override
        public List<AttachmentRef> changedSince(Instant since) {
            asked.add(since);
            return listing;
        }

        @Override
        public Optional<String> ownAccount() {
            return Optional.of("9");
        }

        final List<CaseId> read = new ArrayList<>();

        @Override
        public List<AttachmentRef> attachments(CaseId caseId) {
            read.add(caseId);
            return listing.stream().filter(a -> a.caseId().equals(caseId)).toList();
        }
    }

    private final ManualClock clock = new ManualClock(Instant.now());
    private final CursorOnlyJournal journal = new CursorOnlyJournal();
    private JobLeases leases = JobLeases.UNSHARED;

    private StoreScanner scanner(Channel channel) throws Exception {
        return scanner(channel, Duration.ZERO);
    }

    private StoreScanner scanner(Channel channel, Duration quiet) throws Exception {
        return scanner(new FilesystemCaseStore(root), channel, quiet);
    }

    private StoreScanner scanner(CaseStore store, Channel channel, Duration quiet) {
        return scanner(store, channel, quiet, new CaseHints());
    }

    private StoreScanner scanner(CaseStore store, Channel channel, Duration quiet, CaseHints hints) {
        DetectConfig config = new DetectConfig() {
            @Override
            public Duration quietPeriod() {
                return quiet;
            }

            @Override
            public boolean watch() {
                return false;
            }

            @Override
            public String scanInterval() {
                return "1s";
            }

            @Override
            public Duration overlap() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Duration fullScanInterval() {
                return Duration.ofHours(1);
            }

            @Override
            public Duration resumeInterval() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration leaderLease() {
                return Duration.ofSeconds(30);
            }
        };
        return new StoreScanner(store, journal, channel, config, new SimpleMeterRegistry(), clock, leases, hints);
    }

    private void drop(int files) throws Exception {
        Path dir = Files.createDirectories(root.resolve("CASE-1"));
        for (int i = 0; i < files; i++) {
            Files.writeString(dir.resolve("f" + i + ".har"), "{\"log\":{\"entries\":[]}}");
        }
    }

    /** A job cut between deleting the plaintext and writing the note: no listing finds it, the journal does. */
    @Test
    void unfinishedJobsAreSentAtTheFirstScanAndEveryResumeIntervalUntilDone() throws Exception {
        AttachmentRef gone = new AttachmentRef(new CaseId("CASE-9"), "cut.har", "cut.har", 10, Instant.EPOCH, "");
        Job cut = new Job("0123456789abcdef0123456789abcdef", "key", gone,
                io.harwarden.pipeline.Step.PLAINTEXT_DELETED, Instant.EPOCH, null, null, null, Map.of(), null, List.of());
        journal.unfinished.add(cut);
        Channel channel = new Channel();
        StoreScanner scanner = scanner(channel);
        scanner.scan();
        assertEquals(1, channel.delivered.size(), "sent at the first scan, though nothing is listed");
        UploadEvent resume = channel.delivered.get(0);
        assertEquals(cut.id(), resume.jobId());
        clock.advance(Duration.ofMinutes(2));
        scanner.scan();
        assertEquals(1, channel.delivered.size(), "not sent again while in flight");
        scanner.park(resume, clock.instant().plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(2));
        scanner.scan();
        assertEquals(1, channel.delivered.size(), "a parked job waits for its time");
        clock.advance(Duration.ofMinutes(10));
        scanner.scan();
        scanner.scan();
        assertEquals(2, channel.delivered.size(), "then the next resume pass sends it again");
        scanner.done(channel.delivered.get(1));
        journal.unfinished.clear();
        clock.advance(Duration.ofMinutes(2));
        scanner.scan();
        assertEquals(2, channel.delivered.size(), "a finished job is not sent");
        assertTrue(scanner.oldestInFlight().isEmpty());
    }

    /** On a hosted system every download counts against the API's limit: a "no" is read once per upload. */
    @Test
    void aFileWhoseNameDoesNotSayIsReadOnceUntilItIsReplaced() throws Exception {
        Path notes = Files.createDirectories(root.resolve("CASE-3")).resolve("notes.json");
        Files.writeString(notes, "{\"items\":[1,2,3]}");
        int[] opens = {0};
        CaseStore counting = new ForwardingCaseStore(new FilesystemCaseStore(root)) {
            @Override
            public java.io.InputStream open(AttachmentRef attachment) throws io.harwarden.casestore.CaseStoreException {
                opens[0]++;
                return super.open(attachment);
            }
        };
        Channel channel = new Channel();
        StoreScanner scanner = scanner(counting, channel, Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            scanner.scan();
            clock.advance(Duration.ofHours(2)); // full scans each time
        }
        assertEquals(1, opens[0], "sniffed once");
        assertEquals(0, channel.delivered.size());
        Files.writeString(notes, "{\"log\":{\"version\":\"1.2\",\"entries\":[]}}"); // another upload, now a HAR
        Files.setLastModifiedTime(notes, FileTime.from(clock.instant()));
        scanner.scan();
        assertEquals(2, opens[0]);
        assertEquals(1, channel.delivered.size(), "the new upload is a HAR file");
    }

    @Test
    void anUploadTheChannelRefusedOrDroppedIsSentAgainByTheNextScan() throws Exception {
        drop(3);
        Channel channel = new Channel();
        channel.refusals = 1;
        channel.drops = 1;
        StoreScanner scanner = scanner(channel);
        scanner.scan();
        assertEquals(1, channel.delivered.size());
        scanner.scan();
        assertEquals(3, channel.delivered.size(), "nothing is lost");
        scanner.scan();
        assertEquals(3, channel.delivered.size(), "and nothing sent twice while in flight");
    }

    @Test
    void noMoreThanABoundedNumberAreInFlightAndTheRestFollowAsFilesFinish() throws Exception {
        drop(StoreScanner.MAX_IN_FLIGHT + 10);
        Channel channel = new Channel();
        StoreScanner scanner = scanner(channel);
        scanner.scan();
        assertEquals(StoreScanner.MAX_IN_FLIGHT, channel.delivered.size());
        for (UploadEvent e : new ArrayList<>(channel.delivered.subList(0, 10))) {
            Files.delete(root.resolve(e.caseId()).resolve(e.attachmentId())); // processed: the plaintext is gone
            scanner.done(e);
        }
        scanner.scan();
        assertEquals(StoreScanner.MAX_IN_FLIGHT + 10, channel.delivered.size());
    }

    @Test
    void aFileStillBeingWrittenIsSentOnlyOnceItHasBeenStillForTheQuietPeriod() throws Exception {
        Path file = Files.createDirectories(root.resolve("CASE-2")).resolve("growing.har");
        Files.writeString(file, "{\"log\":{");
        Channel channel = new Channel();
        StoreScanner scanner = scanner(channel, Duration.ofMillis(300));
        scanner.scan();
        clock.advance(Duration.ofMillis(350));
        Files.writeString(file, "{\"log\":{\"entries\":[]}}"); // still being written
        Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        scanner.scan();
        assertEquals(0, channel.delivered.size(), "changed since the last look");
        clock.advance(Duration.ofMillis(350));
        scanner.scan();
        assertEquals(1, channel.delivered.size(), "unchanged for the whole quiet period");
        assertEquals("growing.har", channel.delivered.get(0).name());
    }

    @Test
    void aParkedFileWaitsForItsTime() throws Exception {
        drop(1);
        Channel channel = new Channel();
        StoreScanner scanner = scanner(channel);
        scanner.scan();
        scanner.park(channel.delivered.get(0), clock.instant().plusSeconds(3600));
        clock.advance(Duration.ofMinutes(59));
        scanner.scan();
        assertEquals(1, channel.delivered.size());
        clock.advance(Duration.ofMinutes(1));
        scanner.scan();
        assertEquals(2, channel.delivered.size());
    }

    /** Replicas sharing a journal: the detector's lease, in a real database, lets one of them scan at a time. */
    @Test
    void oneOfTwoInstancesDetectsAndTheOtherTakesOverWhenItStopsOrItsLeaseEnds() throws Exception {
        drop(2);
        javax.sql.DataSource db = io.harwarden.TestDatabases.fresh(io.harwarden.TestDatabases.H2, root.getParent()
                .resolve(root.getFileName() + "-db"));
        leases = new JdbcJobLeases(db, clock, "a");
        Channel a = new Channel();
        StoreScanner first = scanner(a);
        leases = new JdbcJobLeases(db, clock, "b");
        Channel b = new Channel();
        StoreScanner second = scanner(b);

        first.scan();
        second.scan();
        assertEquals(2, a.delivered.size());
        assertEquals(0, b.delivered.size(), "the other instance does not scan while the first detects");

        clock.advance(Duration.ofSeconds(31)); // the first stopped renewing (killed): its lease ends
        second.scan();
        assertEquals(2, b.delivered.size(), "the second takes over and sends what is still on the case");
        first.scan();
        assertEquals(2, a.delivered.size(), "the first, back, finds the second detecting");

        second.stepDown(); // a clean stop hands over at once
        first.scan();
        assertEquals(2, a.delivered.size(), "still in flight there: not sent twice");
        first.done(a.delivered.get(0));
        first.scan();
        assertEquals(3, a.delivered.size());
    }

    /** With Kafka, any replica processes what the detector sent: the outcome comes back on the settled channel. */
    @Test
    void whatAnotherInstanceMadeOfAnUploadReachesTheDetectorAndItsOwnOutcomesAreNotCountedTwice() throws Exception {
        drop(2);
        Channel channel = new Channel();
        StoreScanner scanner = scanner(channel);
        scanner.scan();
        UploadEvent done = channel.delivered.get(0);
        UploadEvent failed = channel.delivered.get(1);
        scanner.settled(new Settled(done, null, JobLeases.UNSHARED.owner()));
        scanner.scan();
        assertEquals(2, channel.delivered.size(), "its own outcome reached it directly, not through the channel");

        scanner.settled(new Settled(done, null, "replica-2"));
        scanner.settled(new Settled(failed, clock.instant().plusSeconds(600), "replica-2"));
        scanner.scan();
        assertEquals(3, channel.delivered.size(), "the file done elsewhere is seen again (a new upload under its name)");
        assertEquals(done, channel.delivered.get(2));
        clock.advance(Duration.ofSeconds(601));
        scanner.scan();
        assertEquals(4, channel.delivered.size(), "the one parked elsewhere comes back at its time");
        assertEquals(failed.attachmentId(), channel.delivered.get(3).attachmentId());
    }

    private AttachmentRef har(String caseId, String id, Instant uploaded) {
        return new AttachmentRef(new CaseId(caseId), id, "f" + id + ".har", 10, uploaded, "");
    }

    @Test
    void aCaseAWebhookNamedIsReadAtTheNextTickInsideThePollIntervalAndOnlyByTheDetector() throws Exception {
        ListedStore store = new ListedStore(new FilesystemCaseStore(root));
        CaseHints hints = new CaseHints();
        Channel channel = new Channel();
        StoreScanner scanner = scanner(store, channel, Duration.ZERO, hints);
        scanner.scan(); // the poll: nothing yet
        store.listing = List.of(har("19395", "5001-7001", clock.instant()), har("8", "80", clock.instant()));
        hints.offer(new CaseId("19395"));
        hints.offer(new CaseId("19395")); // named twice, read once
        clock.advance(Duration.ofSeconds(2));
        scanner.scan();

        assertEquals(List.of(new CaseId("19395")), store.read);
        assertEquals(List.of("5001-7001"), channel.delivered.stream().map(UploadEvent::attachmentId).toList());
        assertEquals(1, store.asked.size(), "the poll still waits for its interval");

        leases = new JobLeases() { // another instance detects: this one leaves the case to its polling
            @Override
            public boolean take(String id, Instant until) {
                return false;
            }

            @Override
            public void release(String id) {
            }

            @Override
            public String owner() {
                return "the other instance";
            }
        };
        StoreScanner follower = scanner(store, new Channel(), Duration.ZERO, hints);
        hints.offer(new CaseId("8"));
        follower.scan();
        assertEquals(List.of(new CaseId("19395")), store.read);
        assertTrue(hints.drain().isEmpty(), "dropped, not held for ever");
    }

    @Test
    void scansFollowTheCursorWithAnOverlapAndAtMostOncePerPollInterval() throws Exception {
        ListedStore store = new ListedStore(new FilesystemCaseStore(root));
        StoreScanner scanner = scanner(store, new Channel(), Duration.ofSeconds(2));
        Instant first = clock.instant();
        scanner.scan();
        assertEquals(List.of(Instant.EPOCH), store.asked, "no cursor yet: everything");
        clock.advance(Duration.ofSeconds(5));
        scanner.scan();
        assertEquals(1, store.asked.size(), "the store wants at most one scan per 10 s");
        clock.advance(Duration.ofSeconds(5));
        scanner.scan();
        assertEquals(first.minus(Duration.ofMinutes(5)), store.asked.get(1), "the last scan's time less the overlap");
    }

    @Test
    void aFileInFlightHoldsTheCursorBackUntilItIsDoneAndTheCursorSurvivesARestart() throws Exception {
        ListedStore store = new ListedStore(new FilesystemCaseStore(root));
        Instant uploaded = clock.instant().minus(Duration.ofHours(2));
        store.listing = List.of(har("7", "70", uploaded));
        Channel channel = new Channel();
        StoreScanner scanner = scanner(store, channel, Duration.ofSeconds(2));
        scanner.scan();
        assertEquals(1, channel.delivered.size(), "an atomic store's upload goes at once, without a quiet period");
        assertEquals(uploaded, journal.cursors.get(store.key()), "held at the file in flight");
        clock.advance(Duration.ofSeconds(10));
        scanner.done(channel.delivered.get(0));
        store.listing = List.of();
        Instant second = clock.instant();
        scanner.scan();
        assertEquals(second, journal.cursors.get(store.key()));

        ListedStore restarted = new ListedStore(new FilesystemCaseStore(root));
        clock.advance(Duration.ofMinutes(1));
        scanner(restarted, new Channel(), Duration.ofSeconds(2)).scan();
        assertEquals(List.of(second.minus(Duration.ofMinutes(5))), restarted.asked, "resumed, not everything again");
    }

    @Test
    void aFullScanComesAfterTheFullScanInterval() throws Exception {
        ListedStore store = new ListedStore(new FilesystemCaseStore(root));
        StoreScanner scanner = scanner(store, new Channel(), Duration.ZERO);
        scanner.scan();
        clock.advance(Duration.ofMinutes(30));
        scanner.scan();
        clock.advance(Duration.ofMinutes(30));
        scanner.scan();
        assertEquals(Instant.EPOCH, store.asked.get(0));
        assertTrue(store.asked.get(1).isAfter(Instant.EPOCH));
        assertEquals(Instant.EPOCH, store.asked.get(2), "an hour after the last full scan");
    }

    @Test
    void anOutputHarWardensAccountUploadedIsKnownWithoutTheJournalButACustomersLookalikeIsProcessed() throws Exception {
        ListedStore store = new ListedStore(new FilesystemCaseStore(root));
        Instant t = clock.instant();
        store.listing = List.of(
                new AttachmentRef(new CaseId("7"), "71", "x.sanitized.har", 10, t, "HAR Warden: sanitized copy", "9"),
                new AttachmentRef(new CaseId("7"), "72", "y.sanitized.har", 10, t, "HAR Warden: sanitized copy", "5"),
                new AttachmentRef(new CaseId("7"), "73", "z.har", 10, t, "my own export", "9"));
        Channel channel = new Channel();
        scanner(store, channel, Duration.ZERO).scan();
        assertEquals(List.of("72", "73"), channel.delivered.stream().map(UploadEvent::attachmentId).toList(),
                "only the mark and the account together make an output");
    }
}
