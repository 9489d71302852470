package io.harwarden.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Triage: what the note tells support about each capture. */
@ConfigMapping(prefix = "harwarden.triage")
public interface TriageConfig {
    /** Whether each note gets a triage section (failed calls, tracking ids, slow calls, auth, CORS). */
    @WithDefault("true")
    boolean enabled();

    /** A log search link for each tracking id of a failed call, with {@code {id}} where the id goes. */
    Optional<String> searchUrl();

    /** Whether each capture's waterfall picture (SVG: its failed and slowest calls) is uploaded beside its copies. */
    @WithDefault("false")
    boolean waterfall();

    /** More request or response header names that carry an id to search the server logs for. */
    Optional<List<String>> trackingHeaders();
}
