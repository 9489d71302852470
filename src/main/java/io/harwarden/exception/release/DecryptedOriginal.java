package io.harwarden.exception.release;

import io.harwarden.pgp.DecryptionException;
import io.harwarden.pgp.PgpDecryptor;
import io.harwarden.pgp.SecretKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An encrypted original read as plaintext, in memory only: a thread decrypts into a pipe that the reader drains. A
 * failed integrity check (or any decryption failure) reaches the reader as an IOException at the latest at the end
 * of the stream, so a tampered original never reads as a whole one.
 */
final class DecryptedOriginal extends InputStream {
    private static final int PIPE = 1 << 20;

    private final PipedInputStream pipe;
    private final CompletableFuture<Void> decryption;

    DecryptedOriginal(InputStream encrypted, SecretKeys custodian) throws IOException {
        pipe = new PipedInputStream(PIPE);
        PipedOutputStream sink = new PipedOutputStream(pipe);
        decryption = CompletableFuture.runAsync(() -> {
            try (sink) {
                new PgpDecryptor(custodian).decrypt(encrypted, sink);
            } catch (IOException | DecryptionException e) {
                throw new CompletionException(e);
            }
        }, command -> {
            Thread t = new Thread(command, "harwarden-release-decrypt");
            t.setDaemon(true);
            t.start();
        });
    }

    @Override
    public int read() throws IOException {
        int b = pipe.read();
        if (b < 0) {
            finished();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n;
        try {
            n = pipe.read(buffer, off, len);
        } catch (IOException e) {
            finished(); // the writer died: its reason, not the pipe's
            throw e;
        }
        if (n < 0) {
            finished();
        }
        return n;
    }

    private void finished() throws IOException {
        try {
            decryption.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause()
                    : e.getCause();
            throw new IOException("the original cannot be decrypted: " + (cause instanceof DecryptionException d
                    ? d.getMessage() : String.valueOf(cause.getMessage())), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while decrypting the original");
        }
    }

    @Override
    public void close() throws IOException {
        pipe.close(); // a writer still running fails on the closed pipe and ends
    }
}
