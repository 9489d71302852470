package io.harwarden.pipeline;

import java.time.Instant;

/**
 * Who works on a job now. Processes that share a journal take a job's lease before running its steps, so that two
 * of them never run the same job at the same time (whatever delivered the file to both: a scan of a shared store, a
 * Kafka rebalance). A lease ends when its holder releases it, or at its time when the holder died; it is as long as
 * the file's time budget, past which the watchdog stops the holder anyway, so it never needs renewing. The same
 * leases elect the one process that detects uploads (renewed at every scan).
 */
public interface JobLeases {
    /** For a process that shares its journal with nobody (and for tests): every lease is granted. */
    JobLeases UNSHARED = new JobLeases() {
        @Override
        public boolean take(String jobId, Instant until) {
            return true;
        }

        @Override
        public void release(String jobId) {
        }

        @Override
        public String owner() {
            return "this process";
        }
    };

    /** Takes {@code jobId} until {@code until}, unless another process holds it now; whether it was taken. */
    boolean take(String jobId, Instant until);

    /** Gives {@code jobId} back (a lease this process does not hold is left alone). */
    void release(String jobId);

    /** The name this process holds leases under, unique among the processes sharing the journal. */
    String owner();
}
