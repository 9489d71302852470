package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.harwarden.har.HarInputException;
import io.harwarden.har.LeakDetectedException;
import io.harwarden.har.SanitizeException;
import io.harwarden.har.SanitizerFault;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.har.detect.Redactor;
import io.harwarden.har.stream.BadBase64;
import io.harwarden.har.stream.ParallelEntries;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.function.Function;

/**
 * Turns whatever a walk throws into the one-line error the user gets: bad input as a {@link HarInputException} that
 * names the problem and its place (made of HAR's own field names only), a leak the re-scan found as a
 * {@link LeakDetectedException}, and anything unexpected as a {@link SanitizerFault}. Never a value from the file.
 */
public final class WalkErrors {
    private final SanitizerPolicy policy;

    public WalkErrors(SanitizerPolicy policy) {
        this.policy = policy;
    }

    @FunctionalInterface
    public interface Walk {
        void run() throws IOException, HarInputException;
    }

    /**
     * Runs a walk and turns what it throws into the one-line error for the user; anything unexpected (a bug on this
     * input) becomes a {@link SanitizerFault}, never an exception the caller does not know.
     */
    public void guarded(Walk walk, Place place) throws SanitizeException, IOException {
        try {
            walk.run();
        } catch (ParallelEntries.Failure f) {
            throw rethrow(f.reason);
        } catch (Redactor.LeakFound | IOException e) {
            throw translate(e, place);
        } catch (RuntimeException | StackOverflowError e) {
            throw SanitizerFault.of(e);
        }
    }

    /**
     * Where a walk is, for messages: the entry and JSON pointer, and the line and column in the file.
     * @param inBatch whether the parser reads a batch of entries, whose pointers start inside the entries array
     * @param inFile maps the parser's location to the file's {@code {line, column}}
     */
    public record Place(JsonParser parser, HarWalker walker, boolean inBatch, Function<JsonLocation, int[]> inFile) {
        String where(String detail) {
            int entry = walker.currentEntry();
            return WalkErrors.where(pointer(parser, inBatch ? "/log/entries/" + entry : ""), entry, detail);
        }

        int[] lineColumn() {
            return inFile.apply(parser.currentLocation());
        }
    }

    private SanitizeException translate(Exception e, Place place) throws IOException {
        if (e instanceof Redactor.LeakFound leak) {
            return new LeakDetectedException(leak.category, place.where(leak.location.label()));
        }
        if (e instanceof StreamConstraintsException) {
            return constraint(String.valueOf(e.getMessage()), place);
        }
        if (e instanceof BadBase64) {
            return new HarInputException(HarInputException.Problem.BAD_BASE64, null, place.where(null));
        }
        if (e instanceof JsonEOFException) {
            return new HarInputException(HarInputException.Problem.TRUNCATED, null, place.where(null));
        }
        if (e instanceof JsonParseException || e instanceof CharConversionException) {
            int[] at = place.lineColumn();
            return new HarInputException(HarInputException.Problem.NOT_JSON, "line " + at[0] + ", column " + at[1],
                    place.where(null));
        }
        throw (IOException) e;
    }

    /** Which of the parser's limits the input went past; Jackson tells only in its message's first words. */
    private HarInputException constraint(String message, Place place) {
        if (message.startsWith("Document nesting")) {
            return new HarInputException(HarInputException.Problem.TOO_DEEP, "limit " + policy.maxNestingDepth(),
                    place.where(null));
        }
        if (message.startsWith("Number")) {
            return new HarInputException(HarInputException.Problem.NUMBER_TOO_LONG,
                    "limit " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits", place.where(null));
        }
        if (message.startsWith("Name")) {
            return new HarInputException(HarInputException.Problem.NAME_TOO_LONG,
                    "limit " + StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters", place.where(null));
        }
        return new HarInputException(HarInputException.Problem.STRING_TOO_LONG,
                "limit " + policy.maxStringLength() + " characters", place.where(null));
    }

    /** Throws what a worker or the splitter failed with, in the caller's thread. */
    public static SanitizeException rethrow(Exception reason) throws IOException {
        if (reason instanceof SanitizeException s) {
            return s;
        }
        if (reason instanceof IOException io) {
            throw io;
        }
        return SanitizerFault.of(reason);
    }

    private static String pointer(JsonParser p, String prefix) {
        return Pointers.of(p.getParsingContext(), prefix);
    }

    /** "entry 3 (/log/entries/3/response/content/text)" or the JSON pointer alone. */
    private static String where(String pointer, int entry, String detail) {
        String place = entry >= 0 ? "entry " + entry + " (" + pointer + ")" : pointer;
        return detail == null ? place : place + " [" + detail + "]";
    }
}
