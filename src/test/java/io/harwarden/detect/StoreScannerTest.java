package io.harwarden.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import io.harwarden.pipeline.Job;
import io.harwarden.pipeline.JobJournal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
            throw new UnsupportedOperationException();
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

    private static final JobJournal NO_OUTPUTS = new JobJournal() {
        @Override
        public Optional<Job> find(String jobId) {
            return Optional.empty();
        }

        @Override
        public void save(Job job) {
        }

        @Override
        public boolean isOutput(CaseId caseId, String attachmentId) {
            return false;
        }

        @Override
        public boolean isOutput(io.harwarden.casestore.AttachmentRef attachment) {
            return false;
        }
    };

    private StoreScanner scanner(Channel channel) throws Exception {
        return scanner(channel, Duration.ZERO);
    }

    private StoreScanner scanner(Channel channel, Duration quiet) throws Exception {
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
        };
        return new StoreScanner(new FilesystemCaseStore(root), NO_OUTPUTS, channel, config, new SimpleMeterRegistry());
    }

    private void drop(int files) throws Exception {
        Path dir = Files.createDirectories(root.resolve("CASE-1"));
        for (int i = 0; i < files; i++) {
            Files.writeString(dir.resolve("f" + i + ".har"), "{\"log\":{\"entries\":[]}}");
        }
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
        Thread.sleep(350);
        Files.writeString(file, "{\"log\":{\"entries\":[]}}"); // still being written
        scanner.scan();
        assertEquals(0, channel.delivered.size(), "changed since the last look");
        Thread.sleep(350);
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
        scanner.park(channel.delivered.get(0), Instant.now().plusSeconds(3600));
        scanner.scan();
        assertEquals(1, channel.delivered.size());
        scanner.park(channel.delivered.get(0), Instant.now().minusSeconds(1));
        scanner.scan();
        assertEquals(2, channel.delivered.size());
    }
}
