package io.harwarden.detect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How uploads are found. */
@ConfigMapping(prefix = "harwarden.detect")
public interface DetectConfig {

    /** How long a file's size and modification time must stay unchanged before it counts as uploaded. */
    @WithDefault("2s")
    Duration quietPeriod();

    /** Whether to scan early on the store's change notifications (the filesystem store's WatchService). */
    @WithDefault("true")
    boolean watch();

    /** How often the store is scanned for uploads (the scan also catches anything a faster path missed). */
    @WithDefault("2s")
    String scanInterval();

    /**
     * How far before the last scan the next one looks again, for stores that list by change time (Redmine): covers
     * clock differences and changes committed while a scan was paging.
     */
    @WithDefault("5m")
    Duration overlap();

    /** How often a scan ignores the change time and lists every case (the safety net under the change-time scans). */
    @WithDefault("1h")
    Duration fullScanInterval();

    /**
     * How often the journal's unfinished jobs are sent to the pipeline again (also at the first scan after a start),
     * so that a job whose original has left the case, or was replaced, still finishes.
     */
    @WithDefault("1m")
    Duration resumeInterval();

    /**
     * Instances sharing a journal (replicas on PostgreSQL) detect one at a time: the detector renews a lease of this
     * length at every scan tick, and another takes over at most this long after it stopped. Keep it several scan
     * intervals long.
     */
    @WithDefault("30s")
    Duration leaderLease();
}
