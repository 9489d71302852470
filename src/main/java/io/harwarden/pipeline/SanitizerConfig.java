package io.harwarden.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** How the daemon sanitizes: extra names on top of the built-in rules, and input limits. */
@ConfigMapping(prefix = "harwarden.sanitizer")
public interface SanitizerConfig {

    /** A policy file (JSON, see README); names below are added to the ones it lists. */
    Optional<String> policyFile();

    /** Longest string value accepted, in characters; media bodies whose mimeType comes first are copied past it. */
    @WithDefault("32000000")
    int maxStringLength();

    /** Deepest JSON nesting accepted. */
    @WithDefault("500")
    int maxNestingDepth();

    /** Strict mode: also redact high-entropy tokens that match no known format and no known safe shape. */
    @WithDefault("false")
    boolean entropy();

    /** Threads that sanitize the entries of one file; unset means up to four, as the CPUs allow; 1 means none extra. */
    Optional<Integer> threadsPerFile();

    /** Extra names whose values are redacted. */
    Names redact();

    /** Names whose values are kept (shape rules still apply to them). */
    Names keep();

    /** Names per kind, comma-separated in properties. */
    interface Names {
        /** Header names. */
        Optional<Set<String>> headers();

        /** Query and form parameter names. */
        Optional<Set<String>> params();

        /** JSON body keys. */
        Optional<Set<String>> bodyKeys();

        /** Cookie names. */
        Optional<Set<String>> cookies();
    }
}
