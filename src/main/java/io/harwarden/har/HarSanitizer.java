package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.BufferedOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Removes every live secret from a HAR file in one streaming pass while keeping what troubleshooting needs. Memory is
 * bounded by the largest string value in the file, not by its size. Thread-safe: each call works on its own state
 * (a fresh random marker key per file).
 */
public final class HarSanitizer {
    private static final int OUTPUT_BUFFER = 1 << 16;
    /** Re-scans run beside the sanitizing pass, one thread per file being published. */
    private static final java.util.concurrent.Executor RESCAN_THREADS = command -> {
        Thread t = new Thread(command, "har-rescan");
        t.setDaemon(true);
        t.start();
    };

    private final SanitizerPolicy policy;
    private final JsonFactory factory;

    public HarSanitizer(SanitizerPolicy policy) {
        this.policy = policy;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(policy.maxStringLength())
                        .maxNestingDepth(policy.maxNestingDepth())
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(policy.maxNestingDepth() + 1)
                        .build())
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
                .build();
    }

    public SanitizerPolicy policy() {
        return policy;
    }

    /**
     * Streams a sanitized copy of {@code in} to {@code out}, without the fail-closed re-scan (the caller holds the
     * output). On failure {@code out} may hold a partial document: use {@link #sanitizeToFile} to publish.
     */
    public SanitizeReport sanitize(InputStream in, OutputStream out) throws SanitizeException, IOException {
        long start = System.nanoTime();
        Hashing inHash = new Hashing();
        Hashing outHash = new Hashing();
        RedactionTally tally = new RedactionTally();
        Rules rules = new Rules(new NameRules(policy), Redactor.withRandomKey(tally), factory);
        try (ReadAhead input = new ReadAhead(inHash.wrap(in)); WriteBehind output = new WriteBehind(outHash.wrap(out))) {
            HarWalker walker = run(input, output, rules);
            input.transferTo(OutputStream.nullOutputStream());
            output.flush();
            return SanitizeReport.of(policy, walker, tally, inHash, outHash, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Sanitizes into {@code target} atomically: writes a temporary file beside it while a second thread re-scans the
     * same bytes with every rule (fail closed: a value any rule would still redact is a leak), and moves the file
     * into place only when both are done and clean. On any failure nothing is left at {@code target} and the
     * temporary file is gone.
     */
    public SanitizeReport sanitizeToFile(InputStream in, Path target) throws SanitizeException, IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        Pipe pipe = new Pipe();
        CompletableFuture<Void> rescan = CompletableFuture.runAsync(() -> rescan(pipe), RESCAN_THREADS);
        try {
            SanitizeReport report;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), OUTPUT_BUFFER);
                    OutputStream toRescan = pipe.sink()) {
                report = sanitize(in, new Tee(file, toRescan));
            }
            awaitClean(rescan);
            moveIntoPlace(temp, target);
            return report;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void rescan(Pipe pipe) {
        try (InputStream sanitized = pipe.source()) {
            verifyClean(sanitized);
            pipe.drain();
        } catch (SanitizeException | IOException e) {
            try {
                pipe.drain();
            } catch (IOException ignored) {
                // the writer has failed too and reports that
            }
            throw new CompletionException(e);
        }
    }

    /** Waits for the re-scan; a leak it found is the answer, and so is bad output (which the sanitizer never makes). */
    private static void awaitClean(CompletableFuture<Void> rescan) throws SanitizeException, IOException {
        try {
            rescan.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SanitizeException s) {
                throw s;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Writes to two streams; the re-scan's copy goes second so the file never waits on it for long. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }

    /** The fail-closed re-scan: runs every rule over a sanitized file and throws at the first value it would redact. */
    public void verifyClean(Path sanitized) throws SanitizeException, IOException {
        try (InputStream in = Files.newInputStream(sanitized)) {
            verifyClean(in);
        }
    }

    public void verifyClean(InputStream sanitized) throws SanitizeException, IOException {
        Rules rules = new Rules(new NameRules(policy), Redactor.leakDetector(), factory);
        run(sanitized, OutputStream.nullOutputStream(), rules);
    }

    private HarWalker run(InputStream in, OutputStream out, Rules rules) throws SanitizeException, IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, OUTPUT_BUFFER);
        try (JsonParser p = factory.createParser(in); JsonGenerator g = factory.createGenerator(buffered)) {
            HarWalker walker = new HarWalker(p, g, buffered, rules);
            try {
                walker.walk();
            } catch (Redactor.LeakFound leak) {
                throw new LeakDetectedException(leak.category, where(p, walker, leak.location.label()));
            } catch (StreamConstraintsException e) {
                boolean depth = String.valueOf(e.getMessage()).contains("nesting");
                throw new HarInputException(depth ? HarInputException.Problem.TOO_DEEP
                        : HarInputException.Problem.STRING_TOO_LONG,
                        depth ? "limit " + policy.maxNestingDepth() : "limit " + policy.maxStringLength() + " characters",
                        where(p, walker, null));
            } catch (HarWalker.BadBase64 e) {
                throw new HarInputException(HarInputException.Problem.BAD_BASE64, null, where(p, walker, null));
            } catch (JsonEOFException e) {
                throw new HarInputException(HarInputException.Problem.TRUNCATED, null, where(p, walker, null));
            } catch (JsonParseException | CharConversionException e) {
                JsonLocation loc = p.currentLocation();
                throw new HarInputException(HarInputException.Problem.NOT_JSON,
                        "line " + loc.getLineNr() + ", column " + loc.getColumnNr(), where(p, walker, null));
            }
            g.flush();
            buffered.flush();
            return walker;
        }
    }

    /** "entry 3 (/log/entries/3/response/content/text)" or the JSON pointer alone, from the parser's position. */
    private static String where(JsonParser p, HarWalker walker, String detail) {
        String pointer = p.getParsingContext().pathAsPointer().toString();
        if (pointer.isEmpty()) {
            pointer = "/";
        }
        String place = walker.currentEntry() >= 0 ? "entry " + walker.currentEntry() + " (" + pointer + ")" : pointer;
        return detail == null ? place : place + " [" + detail + "]";
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
