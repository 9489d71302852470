package io.harwarden.har.stream;

import io.harwarden.har.HarInputException;
import io.harwarden.har.SanitizeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Cuts a HAR document's raw bytes, without parsing values, into its skeleton (everything but the content of the
 * {@code log.entries} array) and batches of whole entries. It tracks only strings, escapes and nesting, which is
 * enough to find where each array element ends. The entries array it splits is the first {@code "entries"} array of
 * the first {@code "log"} object, matched on the raw key bytes, which is also the first such array the walker meets.
 *
 * <p>A batch keeps the original bytes from its first element to its last, with the separating commas turned into
 * spaces, so a parser reads it as a sequence of values and its line and column map straight back onto the file.
 * Structural errors between elements (a missing or doubled comma, a stray closing brace) are reported here; errors
 * inside an element are left to the parser that reads it. Outside the entries array the splitter never judges the
 * input: at the first thing it cannot follow (a closing bracket with nothing open) it stops cutting and passes the
 * rest to the skeleton as it is, so the walker's parser finds and reports the error exactly as it would alone.
 */
public final class EntrySplitter {
    /** Where the splitter sends what it cuts. */
    interface Sink {
        /** The skeleton's bytes; {@code flush} is called when the walker must see what was written so far. */
        OutputStream skeleton();

        /** Opens the next batch, whose first element is entry {@code firstIndex} at the given place in the file. */
        OutputStream openBatch(int firstIndex, Position start) throws IOException;

        /** The batch opened last holds {@code elements} entries; its stream is closed right after this. */
        void closeBatch(int elements) throws IOException;

        /**
         * The entries array has been split; called once, before its opening bracket, which is at
         * {@code skeletonOffset} in the skeleton, is flushed.
         */
        void splitStarted(long skeletonOffset);

        /** The split array has ended; the skeleton continues at {@code skeletonPosition}, which is {@code original}. */
        void splitEnded(Position skeletonPosition, Position original);
    }

    /** A place in a byte stream: 1-based line and column as Jackson counts them (bytes), and the byte offset. */
    record Position(long offset, int line, int column) {
    }

    /** Entries are grouped until a batch holds this many bytes, so that hand-overs between threads stay rare. */
    public static final int BATCH_BYTES = 1 << 19;
    private static final int CHUNK = 1 << 16;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private enum Key { LOG, ENTRIES, OTHER }

    private enum Mode { SKELETON, ENTRIES, AFTER, PASSTHROUGH }

    private final Sink sink;
    private Mode mode = Mode.SKELETON;

    private int depth;
    private boolean inString;
    private boolean escaped;
    private long offset;
    private int line = 1;
    private long lineStart;
    private long skeletonOffset;
    private int skeletonLine = 1;
    private long skeletonLineStart;

    // key matching in the skeleton, at depths 1 and 2 only
    private final Key[] keys = new Key[3];
    private final byte[] candidate = new byte[8];
    private int candidateLength;
    private int candidateDepth;
    private boolean recording;
    private static final int NOT_A_KEY = Integer.MAX_VALUE;
    private boolean logSeen;
    private boolean inLog;

    // elements of the split array
    private OutputStream batch;
    private int nextIndex;
    private int batchElements;
    private long batchBytes;
    private boolean elementOpen;
    private boolean elementDone;
    private boolean elementIsScalar;
    private boolean afterComma;

    EntrySplitter(Sink sink) {
        this.sink = sink;
    }

    /** Reads {@code in} to its end; the caller closes the sink's streams. */
    void split(InputStream in) throws IOException, SanitizeException {
        byte[] buffer = new byte[CHUNK];
        int n;
        while ((n = in.read(buffer, 0, CHUNK)) >= 0) {
            scan(buffer, n);
        }
        if (elementOpen) {
            endElement(); // the array never closed: the walker reports the truncation
        }
        if (batch != null) {
            closeBatch();
        }
    }

    private void scan(byte[] b, int n) throws IOException, HarInputException {
        int runStart = 0;
        for (int i = 0; i < n && mode != Mode.PASSTHROUGH; i++) {
            if (inString) {
                i = stringEnd(b, i, n);
                if (i == n) {
                    break;
                }
                inString = false;
                stringEnded();
                continue;
            }
            byte c = b[i];
            if (c == '\n') {
                line++;
                lineStart = offset + i + 1;
            }
            if (mode == Mode.ENTRIES && depth == 3) {
                runStart = elementLevel(b, i, runStart);
            } else {
                runStart = structural(b, i, runStart);
            }
        }
        emit(b, runStart, n);
        offset += n;
    }

    /** The index of the quote that closes the current string, or {@code n} when it goes on in the next chunk. */
    private int stringEnd(byte[] b, int from, int n) {
        int i = from;
        if (escaped && i < n) {
            escaped = false;
            i++;
        }
        while (i < n) {
            if (i + Long.BYTES <= n && !hasQuoteOrBackslash((long) LONGS.get(b, i))) {
                i += Long.BYTES; // the bulk of a long string: eight bytes per step
                continue;
            }
            byte c = b[i];
            if (c == '"') {
                record(b, from, i);
                return i;
            }
            if (c == '\\') {
                candidateLength = NOT_A_KEY; // an escaped key is never one the splitter matches
                if (i + 1 == n) {
                    escaped = true;
                    return n;
                }
                i += 2;
            } else {
                i++;
            }
        }
        record(b, from, n);
        return n;
    }

    /** Whether any of the eight bytes is a quote or a backslash (the classic zero-byte test on XORed words). */
    private static boolean hasQuoteOrBackslash(long word) {
        long quotes = word ^ 0x2222222222222222L;
        long backslashes = word ^ 0x5C5C5C5C5C5C5C5CL;
        return (hasZeroByte(quotes) | hasZeroByte(backslashes)) != 0;
    }

    private static long hasZeroByte(long v) {
        return (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
    }

    /** Keeps the first bytes of a string that may be a key of the root or {@code log} object. */
    private void record(byte[] b, int from, int to) {
        if (!recording || candidateLength == NOT_A_KEY) {
            return;
        }
        if (candidateLength + to - from > candidate.length) {
            candidateLength = NOT_A_KEY;
            return;
        }
        System.arraycopy(b, from, candidate, candidateLength, to - from);
        candidateLength += to - from;
    }

    /** A byte outside strings anywhere but between the elements of the split array. */
    private int structural(byte[] b, int i, int runStart) throws IOException {
        byte c = b[i];
        switch (c) {
            case '"' -> {
                inString = true;
                recording = mode == Mode.SKELETON && depth <= 2;
                candidateLength = 0;
                candidateDepth = depth;
            }
            case ':' -> {
                if (mode == Mode.SKELETON && depth <= 2 && candidateDepth == depth) {
                    keys[depth] = key();
                }
            }
            case '{', '[' -> {
                depth++;
                if (mode == Mode.SKELETON && c == '{' && depth == 2 && keys[1] == Key.LOG && !logSeen) {
                    logSeen = true;
                    inLog = true;
                } else if (mode == Mode.SKELETON && c == '[' && depth == 3 && inLog && keys[2] == Key.ENTRIES) {
                    emit(b, runStart, i + 1);
                    mode = Mode.ENTRIES;
                    sink.splitStarted(skeletonOffset - 1);
                    sink.skeleton().flush();
                    return i + 1;
                }
                if (depth <= 2) {
                    keys[depth] = null; // a new object has no key yet
                }
            }
            case '}', ']' -> {
                if (depth == 0) {
                    mode = Mode.PASSTHROUGH; // nothing is open: not JSON, which the parser reports at this byte
                    return runStart;
                }
                depth--;
                if (depth == 1) {
                    inLog = false;
                }
                if (mode == Mode.ENTRIES && depth == 3) {
                    elementDone = true; // a container element has closed
                }
            }
            default -> {
                // numbers, literals, commas and whitespace carry no structure the splitter needs
            }
        }
        return runStart;
    }

    private void stringEnded() {
        if (mode == Mode.ENTRIES && depth == 3) {
            elementDone = true;
        }
    }

    private Key key() {
        if (candidateLength == 3 && candidate[0] == 'l' && candidate[1] == 'o' && candidate[2] == 'g') {
            return Key.LOG;
        }
        if (candidateLength == 7 && new String(candidate, 0, 7, java.nio.charset.StandardCharsets.US_ASCII)
                .equals("entries")) {
            return Key.ENTRIES;
        }
        return Key.OTHER;
    }

    /** A byte outside strings directly inside the split array: separators, and the start of each element. */
    private int elementLevel(byte[] b, int i, int runStart) throws IOException, HarInputException {
        byte c = b[i];
        switch (c) {
            case ' ', '\t', '\r', '\n' -> {
                if (elementOpen && elementIsScalar) {
                    elementDone = true;
                }
                return batch == null ? i + 1 : runStart;
            }
            case ',' -> {
                if (!elementOpen) {
                    throw misplaced("a missing value", i);
                }
                emit(b, runStart, i);
                endElement();
                afterComma = true;
                if (batch != null) {
                    batch.write(' '); // keeps every later byte at its place in the file
                }
                return i + 1;
            }
            case ']' -> {
                if (afterComma) {
                    throw misplaced("a comma before the end of the array", i);
                }
                emit(b, runStart, i);
                if (elementOpen) {
                    endElement();
                }
                if (batch != null) {
                    closeBatch();
                }
                depth = 2;
                mode = Mode.AFTER;
                sink.splitEnded(skeletonPosition(), position(i));
                return i;
            }
            case '}' -> throw misplaced("a closing brace inside the entries array", i);
            default -> {
                if (elementDone) {
                    nextIndex++; // the value without its comma is the next entry
                    throw misplaced("a missing comma between entries", i);
                }
                if (!elementOpen) {
                    boolean newBatch = batch == null;
                    startElement(i);
                    if (newBatch) {
                        runStart = i;
                    }
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '"') {
                    inString = true;
                    recording = false;
                } else {
                    elementIsScalar = true;
                }
                return runStart;
            }
        }
    }

    private void startElement(int i) throws IOException {
        if (batch == null) {
            batch = sink.openBatch(nextIndex, position(i));
            batchElements = 0;
            batchBytes = 0;
        }
        elementOpen = true;
        elementDone = false;
        elementIsScalar = false;
        afterComma = false;
    }

    private void endElement() throws IOException {
        elementOpen = false;
        elementDone = false;
        nextIndex++;
        batchElements++;
        if (batchBytes >= BATCH_BYTES) {
            closeBatch();
        }
    }

    private void closeBatch() throws IOException {
        OutputStream closing = batch;
        batch = null;
        sink.closeBatch(batchElements); // before the end of its input, which lets its worker finish
        closing.close();
    }

    /** Sends bytes {@code [from, to)} of the current chunk to the skeleton or to the open batch. */
    private void emit(byte[] b, int from, int to) throws IOException {
        if (to <= from) {
            return;
        }
        if (mode == Mode.ENTRIES) {
            if (batch != null) {
                batch.write(b, from, to - from);
                batchBytes += to - from;
            }
            return;
        }
        sink.skeleton().write(b, from, to - from);
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                skeletonLine++;
                skeletonLineStart = skeletonOffset + (i - from) + 1;
            }
        }
        skeletonOffset += to - from;
    }

    private Position position(int indexInChunk) {
        long at = offset + indexInChunk;
        return new Position(at, line, (int) (at - lineStart) + 1);
    }

    private Position skeletonPosition() {
        return new Position(skeletonOffset, skeletonLine, (int) (skeletonOffset - skeletonLineStart) + 1);
    }

    private HarInputException misplaced(String what, int indexInChunk) {
        Position at = position(indexInChunk + 1); // the column after the byte, as Jackson reports it
        return new HarInputException(HarInputException.Problem.NOT_JSON,
                what + ", line " + at.line() + ", column " + at.column(),
                "entry " + nextIndex + " (/log/entries/" + nextIndex + ")");
    }
}
