package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.harwarden.har.detect.NameRules;
import io.harwarden.har.detect.Redactor;
import io.harwarden.har.stream.DiscardingGenerator;
import io.harwarden.har.stream.ParallelEntries;
import io.harwarden.har.stream.Pipe;
import io.harwarden.har.stream.RawStringCopier;
import io.harwarden.har.stream.ReadAhead;
import io.harwarden.har.stream.Tee;
import io.harwarden.har.stream.WriteBehind;
import io.harwarden.har.walk.HarWalker;
import io.harwarden.har.walk.Rules;
import io.harwarden.har.walk.WalkErrors;
import java.io.BufferedOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Removes every live secret from a HAR file in one streaming pass while keeping what troubleshooting needs. Memory is
 * bounded by the largest string value in the file, not by its size. Thread-safe: each call works on its own state
 * (a fresh random marker key per file).
 */
public final class HarSanitizer {
    private static final int OUTPUT_BUFFER = 1 << 16;
    /** The output of the walks that only judge (the re-scan): the walker's generator then writes nothing at all. */
    private static final OutputStream NOWHERE = OutputStream.nullOutputStream();
    /** Re-scans run beside the sanitizing pass, one thread per file being published. */
    private static final java.util.concurrent.Executor RESCAN_THREADS = command -> {
        Thread t = new Thread(command, "har-rescan");
        t.setDaemon(true);
        t.start();
    };

    /** How deep an entry object sits in a HAR document: root object, {@code log}, {@code entries}. */
    private static final int ENTRY_DEPTH = 3;

    private final SanitizerPolicy policy;
    private final WalkErrors errors;
    private final int workers;
    private final Supplier<byte[]> markerKeys;
    private final JsonFactory factory;
    /** For batches of entries read on their own, with the nesting limit lowered by the depth they sit at. */
    private final JsonFactory entryFactory;

    /** A sanitizer that uses up to four threads per file for the entries, as the machine allows. */
    public HarSanitizer(SanitizerPolicy policy) {
        this(policy, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Threads that sanitize the entries of one file. */
    public int threads() {
        return workers;
    }

    /** @param workers threads that sanitize the entries of one file; 1 sanitizes on the calling thread only */
    public HarSanitizer(SanitizerPolicy policy, int workers) {
        this(policy, workers, Redactor::randomKey);
    }

    /** @param markerKeys a fresh key per file; tests that compare two runs fix it */
    HarSanitizer(SanitizerPolicy policy, int workers, Supplier<byte[]> markerKeys) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        this.policy = policy;
        this.errors = new WalkErrors(policy);
        this.workers = workers;
        this.markerKeys = markerKeys;
        this.factory = factory(policy.maxNestingDepth());
        this.entryFactory = factory(Math.max(1, policy.maxNestingDepth() - ENTRY_DEPTH));
    }

    private JsonFactory factory(int maxNesting) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(policy.maxStringLength())
                        .maxNestingDepth(maxNesting)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(maxNesting + 1)
                        .build())
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // an observer reads every entry's timings
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
        return sanitize(in, out, new Cancellation());
    }

    /** As {@link #sanitize(InputStream, OutputStream)}, stoppable through {@code cancellation}. */
    public SanitizeReport sanitize(InputStream in, OutputStream out, Cancellation cancellation)
            throws SanitizeException, IOException {
        return sanitize(in, out, cancellation, markerKeys.get(), null, workers, HarObserver.NONE);
    }

    /**
     * People's free text (a justification, a comment) with whatever the rules would redact in a text body replaced by
     * markers, under a key of its own: what someone pasted is never kept as written.
     */
    public String sanitizeText(String text) {
        Rules rules = new Rules(new NameRules(policy), new Redactor(markerKeys.get(), new RedactionTally()), factory);
        return rules.scanner.scan(text, Location.OTHER);
    }

    /** A fresh random key for one file's markers (see {@link #sanitizeToFile(InputStream, Path, Cancellation, byte[])}). */
    public static byte[] newMarkerKey() {
        return Redactor.randomKey();
    }

    /**
     * The values behind {@code markers} in {@code original}, which was sanitized with {@code markerKey}: the file is
     * sanitized again with that key and every value whose marker is asked for is kept (nothing is written). A marker
     * is 32 bits of a keyed hash, so in a large file two values may share one: both are returned.
     */
    public Map<String, List<String>> reveal(InputStream original, byte[] markerKey, Set<String> markers,
            Cancellation cancellation) throws SanitizeException, IOException {
        Map<String, List<String>> found = new ConcurrentHashMap<>();
        BiConsumer<String, String> keep = (marker, value) -> {
            if (markers.contains(marker)) {
                List<String> values = found.computeIfAbsent(marker, m -> Collections.synchronizedList(new ArrayList<>()));
                synchronized (values) {
                    if (!values.contains(value)) {
                        values.add(value);
                    }
                }
            }
        };
        sanitize(original, OutputStream.nullOutputStream(), cancellation, markerKey, keep, workers, HarObserver.NONE);
        Map<String, List<String>> sorted = new TreeMap<>();
        found.forEach((marker, values) -> sorted.put(marker, List.copyOf(values)));
        return sorted;
    }

    private SanitizeReport sanitize(InputStream in, OutputStream out, Cancellation cancellation, byte[] key,
            BiConsumer<String, String> markerSeen, int threads, HarObserver observer)
            throws SanitizeException, IOException {
        long start = System.nanoTime();
        Hashing inHash = new Hashing();
        Hashing outHash = new Hashing();
        List<RedactionTally> tallies = Collections.synchronizedList(new ArrayList<>());
        Supplier<Rules> rules = () -> {
            RedactionTally tally = new RedactionTally();
            tallies.add(tally);
            return new Rules(new NameRules(policy), new Redactor(key, tally, markerSeen), factory, observer.listener());
        };
        InputStream source = inHash.wrap(in);
        OutputStream sink = outHash.wrap(out);
        HarWalker walker;
        if (threads < 2) { // reading and writing, with their hashing, go to threads of their own
            try (ReadAhead input = new ReadAhead(source, cancellation);
                    WriteBehind output = new WriteBehind(sink, cancellation)) {
                walker = walkDocument(input, output, rules.get(), null);
                input.transferTo(OutputStream.nullOutputStream());
                output.flush();
            }
        } else { // the splitter thread reads and the walker's thread writes: both wait on the workers anyway
            walker = run(source, sink, rules, cancellation, threads);
            source.transferTo(OutputStream.nullOutputStream());
            sink.flush();
        }
        return SanitizeReport.of(policy, walker, RedactionTally.merged(tallies), inHash, outHash,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Sanitizes into {@code target} atomically: writes a temporary file beside it while a second thread re-scans the
     * same bytes with every rule (fail closed: a value any rule would still redact is a leak), and moves the file
     * into place only when both are done and clean. On any failure nothing is left at {@code target} and the
     * temporary file is gone.
     */
    public SanitizeReport sanitizeToFile(InputStream in, Path target) throws SanitizeException, IOException {
        return sanitizeToFile(in, target, new Cancellation());
    }

    /** As {@link #sanitizeToFile(InputStream, Path)}, with {@code observer} shown the original's entries on the way. */
    public SanitizeReport sanitizeToFile(InputStream in, Path target, HarObserver observer)
            throws SanitizeException, IOException {
        return sanitizeToFile(in, target, new Cancellation(), markerKeys.get(), observer);
    }

    /**
     * As {@link #sanitizeToFile(InputStream, Path)}, stoppable through {@code cancellation}: once cancelled, the call
     * throws an {@link java.io.InterruptedIOException} within moments and every thread it started has ended or is
     * ending. The temporary file's name is short, so a target whose name is near the file-system limit still works.
     */
    public SanitizeReport sanitizeToFile(InputStream in, Path target, Cancellation cancellation)
            throws SanitizeException, IOException {
        return sanitizeToFile(in, target, cancellation, markerKeys.get());
    }

    /**
     * As {@link #sanitizeToFile(InputStream, Path, Cancellation)} with the caller's marker key, which the caller
     * keeps (encrypted) so that the values behind markers can be {@link #reveal revealed} later from the original.
     */
    public SanitizeReport sanitizeToFile(InputStream in, Path target, Cancellation cancellation, byte[] markerKey)
            throws SanitizeException, IOException {
        return sanitizeToFile(in, target, cancellation, markerKey, HarObserver.NONE);
    }

    /**
     * As {@link #sanitizeToFile(InputStream, Path, Cancellation, byte[])}, with {@code observer} shown the original's
     * entries by the sanitizing pass (never by the re-scan) as it reads them.
     */
    public SanitizeReport sanitizeToFile(InputStream in, Path target, Cancellation cancellation, byte[] markerKey,
            HarObserver observer) throws SanitizeException, IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, ".harwarden-", ".part");
        Pipe pipe = new Pipe();
        cancellation.register(pipe::cancel);
        CompletableFuture<Void> rescan = CompletableFuture.runAsync(() -> rescan(pipe, cancellation), RESCAN_THREADS);
        try {
            SanitizeReport report;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), OUTPUT_BUFFER);
                    OutputStream toRescan = pipe.sink()) {
                report = sanitize(in, new Tee(file, toRescan), cancellation, markerKey, null, passThreads(), observer);
            }
            awaitClean(rescan);
            moveIntoPlace(temp, target);
            return report;
        } catch (SanitizeException | IOException | RuntimeException | Error e) {
            pipe.cancel("the sanitized copy was not finished"); // the re-scan has nothing more to check
            throw e;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Worker threads for each of the two passes of {@link #sanitizeToFile}, which run side by side: half the threads
     * each, so that on two cores the pass and its re-scan have one core each instead of four threads fighting for two.
     */
    private int passThreads() {
        return Math.max(1, workers / 2);
    }

    private void rescan(Pipe pipe, Cancellation cancellation) {
        try (InputStream sanitized = pipe.source()) {
            // half the threads: the sanitizing pass beside it has the other half (see passThreads)
            run(sanitized, NOWHERE, this::leakDetectorRules, cancellation, passThreads());
            pipe.drain();
        } catch (Throwable e) {
            try {
                pipe.drain(); // never leave the writer blocked on a full pipe
            } catch (IOException stopping) {
                // the writer has failed too and reports that
            }
            throw new CompletionException(e instanceof SanitizeException || e instanceof IOException ? e
                    : SanitizerFault.of(e));
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

    /** The fail-closed re-scan: runs every rule over a sanitized file and throws at the first value it would redact. */
    public void verifyClean(Path sanitized) throws SanitizeException, IOException {
        try (InputStream in = Files.newInputStream(sanitized)) {
            verifyClean(in);
        }
    }

    public void verifyClean(InputStream sanitized) throws SanitizeException, IOException {
        run(sanitized, NOWHERE, this::leakDetectorRules, new Cancellation(), workers);
    }

    private Rules leakDetectorRules() {
        return new Rules(new NameRules(policy), Redactor.leakDetector(), factory);
    }

    /**
     * Walks the whole document from {@code in} to {@code out}. With more than one worker the entries are sanitized on
     * worker threads beside the walker of the rest; each thread takes its own rules from {@code rules}.
     */
    private HarWalker run(InputStream in, OutputStream out, Supplier<Rules> rules, Cancellation cancellation,
            int threads) throws SanitizeException, IOException {
        if (threads < 2) {
            return walkDocument(in, out, rules.get(), null);
        }
        try (ParallelEntries parallel = new ParallelEntries(in, threads, rules, this::walkBatch, cancellation)) {
            return walkDocument(parallel.skeleton(), out, rules.get(), parallel);
        }
    }

    private HarWalker walkDocument(InputStream in, OutputStream out, Rules rules, ParallelEntries parallel)
            throws SanitizeException, IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, OUTPUT_BUFFER);
        RawStringCopier input = new RawStringCopier(in);
        try (JsonParser p = factory.createParser(input);
                JsonGenerator g = out == NOWHERE ? new DiscardingGenerator() : factory.createGenerator(buffered)) {
            HarWalker walker = new HarWalker(p, input, g, buffered, rules, parallel);
            errors.guarded(walker::walk, new WalkErrors.Place(p, walker, false, loc -> parallel == null
                    ? new int[] {loc.getLineNr(), loc.getColumnNr()}
                    : parallel.original(loc.getByteOffset(), loc.getLineNr(), loc.getColumnNr())));
            if (parallel != null && parallel.unclaimed()) {
                throw SanitizerFault.of(new IllegalStateException("entries split out but never written"));
            }
            g.flush();
            buffered.flush();
            return walker;
        } catch (ParallelEntries.Failure f) { // a helper thread's failure met before the walk (the parser's first read)
            throw WalkErrors.rethrow(f.reason);
        } catch (CharConversionException e) { // the parser's encoding detection, before the walk
            throw new HarInputException(HarInputException.Problem.NOT_JSON, "not in a text encoding JSON allows", null);
        }
    }

    /** A worker's part: one batch of entries, as a sequence of values, written comma-separated. */
    private void walkBatch(InputStream in, OutputStream out, ParallelEntries.Batch batch, Rules rules)
            throws SanitizeException, IOException {
        RawStringCopier input = new RawStringCopier(in);
        try (JsonParser p = entryFactory.createParser(input);
                JsonGenerator g = entryFactory.createGenerator(out)) {
            g.setRootValueSeparator(new SerializedString(","));
            HarWalker walker = new HarWalker(p, input, g, out, rules, null);
            errors.guarded(() -> walker.walkEntries(batch.first),
                    new WalkErrors.Place(p, walker, true, loc -> batch.inFile(loc.getLineNr(), loc.getColumnNr())));
            if (walker.entryCount() - batch.first != batch.elements()) {
                throw new HarInputException(HarInputException.Problem.NOT_JSON, "entries are not separated by commas",
                        "entry " + batch.first + " (/log/entries/" + batch.first + ")");
            }
            g.flush();
            out.flush(); // a pipe, which buffers
        } catch (ParallelEntries.Failure f) {
            throw WalkErrors.rethrow(f.reason);
        } catch (CharConversionException e) {
            throw new HarInputException(HarInputException.Problem.NOT_JSON, "not in a text encoding JSON allows",
                    "entry " + batch.first + " (/log/entries/" + batch.first + ")");
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
