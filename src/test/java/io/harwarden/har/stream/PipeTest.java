package io.harwarden.har.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harwarden.har.Cancellation;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipeTest {
    @Test
    void carriesEveryByteInOrder() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(1).nextBytes(data);
        Pipe pipe = new Pipe();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = pipe.source()) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (OutputStream out = pipe.sink()) {
            for (int i = 0; i < data.length; i += 70_001) {
                out.write(data, i, Math.min(70_001, data.length - i));
            }
        }
        assertArrayEquals(data, read.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aWriterFailureReachesTheReader() throws Exception {
        Pipe pipe = new Pipe();
        OutputStream sink = pipe.sink();
        sink.write(new byte[] {1, 2, 3});
        sink.flush();
        sink.write(new byte[] {4}); // buffered, never handed over: the failure comes in its place
        pipe.fail(new java.io.IOException("disk gone"));
        InputStream in = pipe.source();
        assertEquals(3, in.read(new byte[10]));
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, in::read);
        assertEquals("disk gone", e.getMessage());
    }

    @Test
    void readAheadPassesTheSourceOnAndItsFailure() throws Exception {
        byte[] data = new byte[500_000];
        new Random(2).nextBytes(data);
        try (ReadAhead in = new ReadAhead(new java.io.ByteArrayInputStream(data), new Cancellation())) {
            assertArrayEquals(data, in.readAllBytes());
        }
        InputStream failing = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("read error");
            }
        };
        try (ReadAhead in = new ReadAhead(failing, new Cancellation())) {
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, in::readAllBytes);
        }
    }

    @Test
    void aReaderThatStopsEarlyNeverBlocksTheWriter() throws Exception {
        Pipe pipe = new Pipe();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                int first = pipe.source().read();
                pipe.drain();
                return first;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = pipe.sink()) {
                for (int i = 0; i < 200; i++) {
                    out.write(new byte[64 * 1024]);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.get(30, TimeUnit.SECONDS);
        assertEquals(0, reader.get(30, TimeUnit.SECONDS));
    }
}
