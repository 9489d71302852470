package io.harwarden.triage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The slowest calls with where their time went, and each host's typical time to judge them by: a top-K heap and a
 * bounded sample per host, so memory does not grow with the file.
 */
final class SlowCalls {
    private static final int SAMPLE = 256;
    private static final int MAX_HOSTS = 500;
    /** A call slower than this many times its host's median, and than {@link #FLOOR_MS}, is an outlier. */
    private static final double OUTLIER_FACTOR = 3;
    private static final double FLOOR_MS = 1000;

    private record Candidate(HarEntry entry, double ms) {
    }

    private final int keep;
    private final PriorityQueue<Candidate> top = new PriorityQueue<>(Comparator.comparingDouble(Candidate::ms));
    private final Map<String, HostSample> hosts = new HashMap<>();
    private final Random random = new Random(42); // a fixed seed: the same file gives the same report

    SlowCalls(int keep) {
        this.keep = keep;
    }

    private static final class HostSample {
        final double[] times = new double[SAMPLE];
        long seen;
    }

    void add(HarEntry entry) {
        double ms = entry.time() >= 0 ? entry.time() : 0;
        if (ms <= 0) {
            return;
        }
        HostSample sample = hosts.get(entry.host());
        if (sample == null && hosts.size() < MAX_HOSTS) {
            sample = new HostSample();
            hosts.put(entry.host(), sample);
        }
        if (sample != null) {
            long n = sample.seen++;
            if (n < SAMPLE) {
                sample.times[(int) n] = ms;
            } else {
                long slot = (long) (random.nextDouble() * (n + 1));
                if (slot < SAMPLE) {
                    sample.times[(int) slot] = ms;
                }
            }
        }
        if (top.size() < keep) {
            top.add(new Candidate(entry, ms));
        } else if (ms > top.peek().ms()) {
            top.poll();
            top.add(new Candidate(entry, ms));
        }
    }

    /** The slowest calls kept, in no particular order. */
    List<HarEntry> candidates() {
        return top.stream().map(Candidate::entry).toList();
    }

    List<TriageReport.SlowCall> slowest(java.util.function.UnaryOperator<String> scrub) {
        List<Candidate> sorted = new ArrayList<>(top);
        sorted.sort(Comparator.comparingDouble(Candidate::ms).reversed().thenComparing(c -> c.entry().index()));
        List<TriageReport.SlowCall> out = new ArrayList<>();
        for (Candidate c : sorted) {
            long median = Math.round(median(c.entry().host()));
            boolean outlier = c.ms() > FLOOR_MS && c.ms() > OUTLIER_FACTOR * median;
            out.add(new TriageReport.SlowCall(c.entry().index(), c.entry().upperMethod(),
                    scrub.apply(PathTemplate.of(c.entry().url())), Math.round(c.ms()), phases(c.entry().timings()),
                    reading(c.entry(), c.ms()), median, outlier));
        }
        return out;
    }

    private double median(String host) {
        HostSample sample = hosts.get(host);
        if (sample == null || sample.seen == 0) {
            return 0;
        }
        int n = (int) Math.min(sample.seen, SAMPLE);
        double[] copy = java.util.Arrays.copyOf(sample.times, n);
        java.util.Arrays.sort(copy);
        return copy[n / 2];
    }

    static Map<String, Long> phases(Timings t) {
        Map<String, Long> phases = new LinkedHashMap<>();
        if (t == null || t.missing()) {
            return phases;
        }
        for (Timings.Phase p : Timings.Phase.values()) {
            phases.put(p.name().toLowerCase(Locale.ROOT), Math.round(t.of(p)));
        }
        return phases;
    }

    /** One line on where the time went, by the phase that took it. */
    static String reading(HarEntry entry, double ms) {
        Timings t = entry.timings();
        if (t == null || t.missing()) {
            return String.format(Locale.ROOT, "took %s; the capture has no phases for it", seconds(ms));
        }
        Timings.Phase phase = t.dominant();
        String took = seconds(t.of(phase));
        return switch (phase) {
            case WAIT -> "waited " + took + " for the first byte: server side";
            case QUEUED -> took + " queued in the browser: its connections to the host were busy";
            case DNS -> took + " resolving the host name: DNS";
            case CONNECT -> took + " opening the connection: network";
            case TLS -> took + " in the TLS handshake: network or the server's TLS";
            case SEND -> took + " sending the request: its size or the upload bandwidth";
            case RECEIVE -> took + " downloading the response: its size or the bandwidth";
        };
    }

    static String seconds(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : Math.round(ms) + " ms";
    }
}
