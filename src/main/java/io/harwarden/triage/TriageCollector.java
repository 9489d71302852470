package io.harwarden.triage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Takes the entries one by one and keeps, in bounded memory, what the report needs. */
final class TriageCollector {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_SERVICES = 30;
    private static final int MAX_IDS_PER_SERVICE = 20;
    private static final int MAX_SESSIONS = 30;
    private static final int MAX_IDS_PER_SESSION = 12;
    private static final int MAX_SEARCH_IDS = 20;

    private final Triage.Options options;
    private final UnaryOperator<String> scrub;
    private final TrackingIds trackingIds;
    private final SlowCalls slow;
    private final Findings findings;
    private final List<TriageReport.FailedCall> failed = new ArrayList<>();
    private final Map<String, Set<String>> byService = new LinkedHashMap<>();
    private final Map<String, Set<String>> sessions = new LinkedHashMap<>();
    private final Set<String> failedRoots = new LinkedHashSet<>();
    /** The first failed calls, for the waterfall picture (what it draws of them, not the whole entries). */
    private final List<BarSource> failedBars = new ArrayList<>();

    private record BarSource(int index, String started, String method, String url, int status, boolean failed,
            double time, Timings timings) {
        static BarSource of(HarEntry e) {
            return new BarSource(e.index(), e.started(), e.upperMethod(), PathTemplate.of(e.url()), e.status(),
                    e.failed(), e.time(), e.timings());
        }
    }
    private int failedTotal;
    private int serverErrors;
    private int clientErrors;
    private int networkErrors;
    private int entries;
    private int withoutTimings;
    private int withBody;
    private boolean credentialsSeen;
    private String firstRaw;
    private String lastRaw;
    private String offset;

    TriageCollector(Triage.Options options, UnaryOperator<String> scrub) {
        this.options = options;
        this.scrub = scrub;
        this.trackingIds = new TrackingIds(options.trackingHeaders());
        this.slow = new SlowCalls(options.maxSlow());
        this.findings = new Findings(scrub);
    }

    void add(HarEntry e) {
        entries++;
        if (e.started() != null) { // parsed at the end; one capture writes every time in one format
            firstRaw = firstRaw == null || e.started().compareTo(firstRaw) < 0 ? e.started() : firstRaw;
            lastRaw = lastRaw == null || e.started().compareTo(lastRaw) > 0 ? e.started() : lastRaw;
        }
        if (e.timings() == null || e.timings().missing()) {
            withoutTimings++;
        }
        if (e.hasBody()) {
            withBody++;
        }
        credentialsSeen |= e.requestHeader("Authorization") != null || e.requestHeader("Cookie") != null;
        List<String> ids = trackingIds.of(e);
        sessions(ids);
        slow.add(e);
        findings.add(e, () -> started(e.started()));
        if (e.failed()) {
            failed(e, started(e.started()), ids);
        }
    }

    private void failed(HarEntry e, Instant started, List<String> ids) {
        failedTotal++;
        if (failedBars.size() < Waterfall.MAX_ROWS) {
            failedBars.add(BarSource.of(e));
        }
        if (e.status() >= 500) {
            serverErrors++;
        } else if (e.status() >= 400) {
            clientErrors++;
        } else {
            networkErrors++;
        }
        ErrorText error = e.status() > 0 ? ErrorText.of(e.body(), e.mimeType(), e.status()) : null;
        // a gateway passing on an error; a 4xx body's own codes are the application's
        int upstream = error != null && e.status() >= 500 ? error.upstreamStatus() : 0;
        if (upstream != 0) {
            findings.nested(e, error);
        }
        Set<String> serviceIds = byService.get(e.host());
        if (serviceIds == null && byService.size() < MAX_SERVICES) {
            serviceIds = new LinkedHashSet<>();
            byService.put(e.host(), serviceIds);
        }
        boolean listed = failed.size() < options.maxFailed();
        // scrubbing takes a fresh key each time: only for ids that are kept (most calls of a failing capture are not)
        List<String> scrubbed = listed || serviceIds != null && serviceIds.size() < MAX_IDS_PER_SERVICE
                ? ids.stream().map(scrub).toList() : List.of();
        for (String id : scrubbed) {
            if (serviceIds != null && serviceIds.size() < MAX_IDS_PER_SERVICE) {
                serviceIds.add(id);
            }
        }
        ids.forEach(id -> failedRoots.add(TrackingIds.root(id)));
        if (listed) {
            String text = error != null ? error.text() : e.error() != null ? e.error().strip()
                    : e.status() == 0 ? "no response" : "";
            failed.add(new TriageReport.FailedCall(e.index(), started == null ? "" : UTC.format(started),
                    scrub.apply(PathTemplate.of(e.url())), scrub.apply(e.upperMethod()), e.status(), scrubbed,
                    scrub.apply(text), upstream));
        }
    }

    private void sessions(List<String> ids) {
        for (String id : ids) {
            String root = TrackingIds.root(id);
            if (root.equals(id)) {
                continue; // not a structured id: nothing ties it to others
            }
            Set<String> members = sessions.get(root);
            if (members == null && sessions.size() < MAX_SESSIONS * 10) {
                members = new LinkedHashSet<>();
                sessions.put(root, members);
            }
            if (members != null && members.size() < MAX_IDS_PER_SESSION) {
                members.add(id);
            }
        }
    }

    private Instant started(String text) {
        if (text == null) {
            return null;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(text.strip());
            if (offset == null && !t.getOffset().equals(ZoneOffset.UTC)) {
                offset = t.getOffset().getId();
            }
            return t.toInstant();
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }

    TriageReport report(EntryStream.Capture capture) {
        Instant first = started(firstRaw);
        Instant last = started(lastRaw);
        if (first != null && last != null && last.isBefore(first)) {
            Instant earlier = last;
            last = first;
            first = earlier;
        }
        List<TriageReport.TrackingGroup> tracking = new ArrayList<>();
        byService.forEach((host, ids) -> {
            if (!ids.isEmpty()) {
                tracking.add(new TriageReport.TrackingGroup(scrub.apply(host), List.copyOf(ids)));
            }
        });
        List<TriageReport.Session> related = new ArrayList<>();
        sessions.forEach((root, ids) -> {
            if (ids.size() > 1 && failedRoots.contains(root) && related.size() < MAX_SESSIONS) {
                related.add(new TriageReport.Session(scrub.apply(root), ids.stream().map(scrub).toList()));
            }
        });
        List<String> searchIds = tracking.stream().flatMap(g -> g.ids().stream()).distinct().limit(MAX_SEARCH_IDS)
                .toList();
        String searchLine = String.join(" OR ", searchIds.stream().map(id -> '"' + id + '"').toList());
        List<String> links = options.searchUrl() == null || options.searchUrl().isBlank() ? List.of()
                : searchIds.stream().map(id -> options.searchUrl().replace("{id}",
                        URLEncoder.encode(id, StandardCharsets.UTF_8))).toList();
        TriageReport.Capture about = new TriageReport.Capture(scrub.apply(capture.creator()), capture.entries(),
                capture.pages(), first == null ? null : UTC.format(first), last == null ? null : UTC.format(last),
                offset, capture.problem());
        return new TriageReport(about, List.copyOf(failed), failedTotal, serverErrors, clientErrors, networkErrors,
                tracking, related, searchLine, links,
                slow.slowest(scrub), findings.all(), captureNotes(capture), bars(first));
    }

    /** The failed and slowest calls on the capture's time axis, in its order, at most {@link Waterfall#MAX_ROWS}. */
    private List<TriageReport.Bar> bars(Instant first) {
        java.util.TreeMap<Integer, BarSource> rows = new java.util.TreeMap<>();
        failedBars.forEach(b -> rows.put(b.index(), b));
        slow.candidates().forEach(e -> rows.putIfAbsent(e.index(), BarSource.of(e)));
        List<TriageReport.Bar> bars = new ArrayList<>();
        for (BarSource b : rows.values()) {
            if (bars.size() == Waterfall.MAX_ROWS) {
                break;
            }
            Instant started = started(b.started());
            long startMs = first == null || started == null ? 0 : Math.max(0, started.toEpochMilli() - first.toEpochMilli());
            bars.add(new TriageReport.Bar(b.index(), scrub.apply(b.method()), scrub.apply(b.url()), b.status(),
                    b.failed(), startMs, Math.round(Math.max(b.time(), 0)), SlowCalls.phases(b.timings())));
        }
        return bars;
    }

    /** What the capture lacks for a diagnosis, and what to ask the customer for. */
    private List<String> captureNotes(EntryStream.Capture capture) {
        List<String> notes = new ArrayList<>();
        if (capture.problem() != null) {
            notes.add(capture.problem() + ": ask for the file again (the export or the upload was cut)");
        }
        if (entries == 0) {
            notes.add("the capture holds no calls: ask for one recorded while the problem happens, with Preserve log on");
            return notes;
        }
        if (failedTotal == 0) {
            notes.add("no call failed in this capture: unless the problem is slowness, ask for one recorded while the"
                    + " problem happens");
        }
        if (withoutTimings * 2 > entries) {
            notes.add(withoutTimings + " of " + entries + " calls have no timings: slow phases cannot be told apart");
        }
        if (withBody == 0) {
            notes.add("the capture holds no response bodies: ask for an export with content (error texts are in them)");
        }
        if (!credentialsSeen) {
            notes.add("no Authorization or Cookie header anywhere (the browser removed them on export): auth findings"
                    + " are limited");
        }
        return notes;
    }
}
