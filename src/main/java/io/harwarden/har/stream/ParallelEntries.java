package io.harwarden.har.stream;

import io.harwarden.har.Cancellation;
import io.harwarden.har.SanitizeException;
import io.harwarden.har.SanitizerFault;
import io.harwarden.har.walk.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Sanitizes the entries of one HAR file on several threads and hands them back in order. An {@link EntrySplitter}
 * thread cuts the input into the skeleton, which the caller's walker reads, and batches of entries, which worker
 * threads sanitize, each with its own rules. When the walker reaches the entries array it {@link #claim claims} it and
 * {@link #drainInto drains} the batches' output in place of the array's content.
 *
 * <p>Memory stays bounded: every batch's input and output are bounded {@link Pipe}s and at most {@code workers + 1}
 * batches are in flight. The batch being drained always has all its input (the splitter feeds batches in order) and
 * a reader for its output, so the pipeline cannot deadlock.
 */
public final class ParallelEntries implements AutoCloseable {
    /** Sanitizes one batch read from {@code in} into {@code out}. */
    @FunctionalInterface
    public interface BatchWalk {
        void walk(InputStream in, OutputStream out, Batch batch, Rules rules) throws SanitizeException, IOException;
    }

    /** A run of consecutive entries: where it starts, and the pipes to and from its worker. */
    public static final class Batch {
        public final int first;
        final EntrySplitter.Position start;
        final Pipe input = new Pipe();
        final Pipe output = new Pipe();
        private volatile int elements;

        public Batch(int first, EntrySplitter.Position start) {
            this.first = first;
            this.start = start;
        }

        /** The file's {@code {line, column}} for a line and column of this batch's own text. */
        public int[] inFile(int line, int column) {
            return line == 1 ? new int[] {start.line(), start.column() + column - 1}
                    : new int[] {start.line() + line - 1, column};
        }

        /** How many entries the splitter put in this batch; known once its input has ended. */
        public int elements() {
            return elements;
        }
    }

    /** Carries a worker's or the splitter's failure through a pipe to the walker, which rethrows the reason. */
    public static final class Failure extends IOException {
        public final Exception reason;

        public Failure(Exception reason) {
            super(reason.getMessage(), null);
            this.reason = reason;
        }
    }

    private static final Batch END = new Batch(-1, null);

    private final Pipe skeleton = new Pipe();
    private final BlockingQueue<Batch> inOrder = new LinkedBlockingQueue<>();
    private final BlockingQueue<Batch> todo = new LinkedBlockingQueue<>();
    /** Batches opened and not yet drained, so that a stop can wake whoever waits on their pipes; guarded by itself. */
    private final Set<Batch> live = new HashSet<>();
    private final Semaphore inFlight;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean split;
    private volatile long splitOffset = -1;
    private volatile boolean ended;
    private volatile Exception splitterFailure;
    /** Why the threads were told to stop, or null; guarded by {@link #live}. */
    private String stopped;
    private volatile EntrySplitter.Position[] resume;
    private boolean claimed;

    public ParallelEntries(InputStream in, int workers, Supplier<Rules> rules, BatchWalk walk, Cancellation cancellation) {
        this.workers = workers;
        this.inFlight = new Semaphore(workers + 1);
        for (int i = 0; i < workers; i++) {
            Rules own = rules.get();
            start("har-entries-" + i, () -> work(own, walk));
        }
        start("har-split", () -> split(in));
        cancellation.register(this::stop);
    }

    private void start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** The document without the content of its entries array, for the walker. */
    public InputStream skeleton() {
        return skeleton.source();
    }

    /**
     * True once, when the walker is at the entries array the splitter has taken out of the skeleton, which it tells
     * by the array's offset in the skeleton (another array under an escaped {@code "entries"} key may come first).
     */
    public boolean claim(long arrayOffset) {
        if (split && !claimed && arrayOffset == splitOffset) {
            claimed = true;
            return true;
        }
        return false;
    }

    /** Whether an array was split that the walker never came to: its entries would be lost. */
    public boolean unclaimed() {
        return split && !claimed;
    }

    /**
     * Writes the sanitized entries, comma-separated, to {@code raw} in their order and returns how many there were.
     * A failure of any batch is thrown as a {@link Failure} carrying its reason.
     */
    public int drainInto(OutputStream raw) throws IOException {
        int count = 0;
        for (Batch batch = take(inOrder); batch != END; batch = take(inOrder)) {
            if (count > 0) {
                raw.write(',');
            }
            batch.output.source().transferTo(raw);
            count += batch.elements();
            synchronized (live) {
                live.remove(batch);
            }
            inFlight.release();
        }
        String why = stoppedReason();
        if (why != null) {
            throw new InterruptedIOException(why);
        }
        if (splitterFailure != null) {
            throw new Failure(splitterFailure);
        }
        return count;
    }

    /**
     * Maps a place in the skeleton back to the file: after the split array the skeleton lacks its content.
     * Returns {@code {line, column}}.
     */
    public int[] original(long skeletonOffset, int line, int column) {
        EntrySplitter.Position[] r = resume;
        if (r == null || skeletonOffset < r[0].offset()) {
            return new int[] {line, column};
        }
        EntrySplitter.Position inSkeleton = r[0];
        EntrySplitter.Position inFile = r[1];
        return line == inSkeleton.line()
                ? new int[] {inFile.line(), inFile.column() + column - inSkeleton.column()}
                : new int[] {inFile.line() + line - inSkeleton.line(), column};
    }

    /**
     * The splitter's thread. Whatever stops it (bad structure, a failing source, a bug, a stop) reaches the walker as a
     * failure at the end of the skeleton or of the open batch; nothing escapes the thread unreported.
     */
    private void split(InputStream in) {
        OutputStream toWalker = skeleton.sink();
        Splitting sink = new Splitting(toWalker);
        try {
            new EntrySplitter(sink).split(in);
            toWalker.close();
        } catch (Throwable e) {
            splitterFailure = reason(e);
            try {
                sink.failOpenBatch(splitterFailure);
                skeleton.fail(new Failure(splitterFailure));
            } catch (IOException stopping) {
                // the walker has stopped us; nobody waits for this failure any more
            }
        } finally {
            endOfBatches();
            for (int i = 0; i < workers; i++) {
                todo.add(END);
            }
        }
    }

    /** The failure to report for what a helper thread threw: input and I/O failures as they are, anything else a fault. */
    public static Exception reason(Throwable t) {
        if (t instanceof Failure f) {
            return f.reason;
        }
        if (t instanceof SanitizeException || t instanceof IOException) {
            return (Exception) t;
        }
        return SanitizerFault.of(t);
    }

    private void endOfBatches() {
        if (!ended) {
            ended = true;
            inOrder.add(END);
        }
    }

    /** The splitter's side: opens batches (waiting for room) and queues them for the workers and the walker. */
    private final class Splitting implements EntrySplitter.Sink {
        private final OutputStream skeleton;
        private Batch open;

        Splitting(OutputStream skeleton) {
            this.skeleton = skeleton;
        }

        @Override
        public OutputStream skeleton() {
            return skeleton;
        }

        @Override
        public OutputStream openBatch(int firstIndex, EntrySplitter.Position start) throws IOException {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while splitting entries");
            }
            Batch batch = new Batch(firstIndex, start);
            synchronized (live) { // a stop either sees this batch or is seen here
                if (stopped != null) {
                    throw new InterruptedIOException(stopped);
                }
                live.add(batch);
            }
            open = batch;
            inOrder.add(open);
            todo.add(open);
            return open.input.sink();
        }

        @Override
        public void closeBatch(int elements) {
            open.elements = elements;
            open = null;
        }

        @Override
        public void splitStarted(long skeletonOffset) {
            splitOffset = skeletonOffset;
            split = true;
        }

        @Override
        public void splitEnded(EntrySplitter.Position skeletonPosition, EntrySplitter.Position original) {
            resume = new EntrySplitter.Position[] {skeletonPosition, original};
            endOfBatches();
        }

        void failOpenBatch(Exception e) throws IOException {
            if (open != null) {
                open.input.fail(e instanceof Failure f ? f : new Failure(e));
            }
        }
    }

    /** A worker's thread: a batch that fails, for whatever reason, fails its output, which the walker reads. */
    private void work(Rules rules, BatchWalk walk) {
        try {
            for (Batch batch = take(todo); batch != END; batch = take(todo)) {
                InputStream in = batch.input.source();
                OutputStream out = batch.output.sink();
                try {
                    walk.walk(in, out, batch, rules);
                    out.close();
                } catch (InterruptedIOException stopping) {
                    return;
                } catch (Throwable e) {
                    batch.input.drain(); // so that the splitter can go on to the next batch
                    batch.output.fail(e instanceof Failure f ? f : new Failure(reason(e)));
                }
            }
        } catch (IOException stopping) {
            // stopped: the walker has stopped reading
        }
    }

    private static Batch take(BlockingQueue<Batch> queue) throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sanitizing entries");
        }
    }

    /**
     * Wakes every thread wherever it waits (pipes, the batch queue, the room for batches) and makes it end. No thread
     * is interrupted: the splitter may be reading the caller's stream, whose channel an interrupt would close.
     */
    private void stop(String why) {
        List<Batch> waking;
        synchronized (live) {
            if (stopped != null) {
                return;
            }
            stopped = why;
            waking = List.copyOf(live);
        }
        skeleton.cancel(why);
        for (Batch batch : waking) {
            batch.input.cancel(why);
            batch.output.cancel(why);
        }
        inFlight.release(workers + 1);
        for (int i = 0; i < workers; i++) {
            todo.add(END);
        }
        inOrder.add(END);
    }

    private String stoppedReason() {
        synchronized (live) {
            return stopped;
        }
    }

    /**
     * Stops every thread and waits for them, so that none touches the input or the rules after this returns. After a
     * whole document they have ended already; after a failure they are woken and end at their next wait.
     */
    @Override
    public void close() throws InterruptedIOException {
        stop("the walk of the entries has ended");
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while stopping the entry workers");
            }
        }
    }
}
