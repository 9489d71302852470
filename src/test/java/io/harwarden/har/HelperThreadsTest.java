package io.harwarden.har;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever happens on any of the sanitizer's threads reaches the caller as a typed one-line error within a bounded
 * time, leaves nothing behind, never closes the caller's stream, and every thread ends.
 */
class HelperThreadsTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @AfterEach
    void noHelperThreadOutlivesTheCall() {
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("har-")));
    }

    private SanitizeException failure(byte[] input, int workers) {
        Path target = dir.resolve("out.har");
        SanitizeException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(SanitizeException.class,
                () -> new HarSanitizer(SanitizerPolicy.defaults(), workers)
                        .sanitizeToFile(new ByteArrayInputStream(input), target)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no output and no temporary file");
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return e;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void closingBracketsWithNothingOpenAreNotJson(int workers) {
        for (String input : List.of("]]\"a\":1", "}", "]", "]{\"log\":{\"entries\":[]}}",
                "{\"log\":{\"entries\":[]}}}", "{\"log\":{\"entries\":[{}]}}]]]", "{\"log\":{\"entries\":[{}]},\"x\":1}}}")) {
            SanitizeException e = failure(input.getBytes(StandardCharsets.UTF_8), workers);
            HarInputException bad = assertInstanceOf(HarInputException.class, e, input);
            assertTrue(bad.problem() == HarInputException.Problem.NOT_JSON
                    || bad.problem() == HarInputException.Problem.NOT_HAR, input + ": " + e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void randomBytesAreRefusedWithAOneLineError(int workers) {
        Random random = new Random(workers);
        for (int size : new int[] {7, 1000, 20_000_000}) {
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            assertInstanceOf(HarInputException.class, failure(noise, workers));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aSourceThatThrowsAnUncheckedExceptionGivesATypedError(int workers) {
        byte[] start = "{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://x.test/\"}},".getBytes(StandardCharsets.UTF_8);
        InputStream broken = new InputStream() {
            private int at;

            @Override
            public int read() {
                if (at < start.length) {
                    return start[at++];
                }
                throw new IllegalStateException("the store's stream broke");
            }
        };
        Path target = dir.resolve("out.har");
        SanitizeException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(SanitizeException.class,
                () -> new HarSanitizer(SanitizerPolicy.defaults(), workers).sanitizeToFile(broken, target)));
        assertInstanceOf(SanitizerFault.class, e);
        assertFalse(Files.exists(target));
    }

    /**
     * A failed file must leave the caller's stream usable: the daemon reads the rest of the original into the
     * encryptor after the sanitizer gave up. An interrupted thread reading an interruptible channel closes it.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFailedFileLeavesTheCallersChannelOpen(int workers) throws Exception {
        String entry = "{\"request\":{\"url\":\"https://x.test/\",\"headers\":[]},\"response\":{\"status\":200}},";
        byte[] head = ("{\"log\":{\"entries\":[{\"request\":nope}," + entry.repeat(3000))
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = (entry.repeat(3000) + "{}]}}").getBytes(StandardCharsets.UTF_8);
        java.nio.channels.Pipe channel = java.nio.channels.Pipe.open();
        CountDownLatch failed = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Channels.newOutputStream(channel.sink())) {
                out.write(head);
                failed.await(2, TimeUnit.SECONDS); // the sanitizer's threads are now waiting on the channel
                out.write(tail);
            } catch (IOException | InterruptedException e) {
                // the reader closed the channel: the assertion below reports it
            }
        });
        writer.start();
        InputStream in = Channels.newInputStream(channel.source());
        CountingStream counted = new CountingStream(in);
        assertTimeoutPreemptively(BOUND, () -> assertThrows(HarInputException.class,
                () -> new HarSanitizer(SanitizerPolicy.defaults(), workers).sanitizeToFile(counted,
                        dir.resolve("out.har"))));
        failed.countDown();
        assertTrue(channel.source().isOpen(), "the caller's channel is still open");
        counted.transferTo(OutputStream.nullOutputStream());
        assertEquals(head.length + tail.length, counted.count, "every byte reaches the caller");
        writer.join();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aCancelledCallReturnsPromptlyAndEndsItsThreads(int workers) throws Exception {
        String entry = "{\"request\":{\"url\":\"https://x.test/\",\"headers\":[]}},";
        byte[] head = ("{\"log\":{\"entries\":[" + entry.repeat(20_000)).getBytes(StandardCharsets.UTF_8);
        StalledSource stalled = new StalledSource(head);
        Cancellation cancellation = new Cancellation();
        Thread budget = new Thread(() -> {
            await().atMost(BOUND).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("har-")));
            cancellation.cancel("over its time budget");
            stalled.close(); // as the daemon does: the source is closed with the cancellation
        });
        budget.start();
        IOException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(IOException.class,
                () -> new HarSanitizer(SanitizerPolicy.defaults(), workers).sanitizeToFile(stalled,
                        dir.resolve("out.har"), cancellation)));
        assertTrue(cancellation.isCancelled());
        assertFalse(e.getMessage().contains("\n"));
        budget.join();
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aCancellationBeforeTheCallStopsItAtOnce() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("shutting down");
        byte[] har = Fixture.har(null, null).getBytes(StandardCharsets.UTF_8);
        InterruptedIOException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(InterruptedIOException.class,
                () -> new HarSanitizer(SanitizerPolicy.defaults(), 2).sanitizeToFile(new ByteArrayInputStream(har),
                        dir.resolve("out.har"), cancellation)));
        assertEquals("shutting down", e.getMessage());
    }

    /** Delivers its bytes, then stalls until it is closed, as a connection that stops sending. */
    private static final class StalledSource extends InputStream {
        private final byte[] head;
        private final CountDownLatch closed = new CountDownLatch(1);
        private int at;

        StalledSource(byte[] head) {
            this.head = head;
        }

        @Override
        public int read() throws IOException {
            if (at < head.length) {
                return head[at++];
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
            throw new IOException("closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }
    }
}
