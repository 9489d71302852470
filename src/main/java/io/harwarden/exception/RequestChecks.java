package io.harwarden.exception;

import io.harwarden.exception.ExceptionRefused.Reason;
import io.harwarden.har.Markers;
import io.harwarden.pgp.KeyRejectedException;
import io.harwarden.pgp.Recipient;
import io.harwarden.pgp.RecipientKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The checks on a new request: its file, its fields (each wrong field named), the key it is to be encrypted to. */
final class RequestChecks {
    static final int MAX_MARKERS = 200;
    static final int MAX_ENTRIES = 1000;
    static final int MAX_TEXT = 4000;
    /** Far above any real public key (a 16384-bit RSA certificate is about 10 KB armored). */
    static final int MAX_KEY = 64 * 1024;

    /** The key a release goes to. */
    record Key(String armored, String fingerprint) {
    }

    private final ExceptionPolicy policy;
    private final Function<String, Optional<String>> registeredKeys;
    private final Clock clock;

    RequestChecks(ExceptionPolicy policy, Function<String, Optional<String>> registeredKeys, Clock clock) {
        this.policy = policy;
        this.registeredKeys = registeredKeys;
        this.clock = clock;
    }

    ProcessedFile file(NewRequest asked, ProcessedFiles files) {
        if (blank(asked.caseId()) || blank(asked.jobId())) {
            throw new ExceptionRefused(Reason.INVALID, "name the case and the processed file",
                    Map.of(blank(asked.caseId()) ? "caseId" : "jobId", "required"));
        }
        return files.find(asked.caseId(), asked.jobId()).orElseThrow(() -> new ExceptionRefused(Reason.NOT_FOUND,
                "no processed file with that id on that case"));
    }

    Key validate(Caller caller, NewRequest asked, ProcessedFile file) {
        Map<String, String> wrong = new LinkedHashMap<>();
        String justification = asked.justification() == null ? "" : asked.justification().strip();
        if (justification.length() < policy.minJustification() || justification.length() > MAX_TEXT) {
            wrong.put("justification", "required: between " + policy.minJustification() + " and " + MAX_TEXT
                    + " characters that say why the sanitized copy is not enough");
        }
        if (asked.scope() == null) {
            wrong.put("scope", "required: markers, entries or file");
        }
        if (asked.markers().isEmpty() && asked.entries().isEmpty() && blank(asked.trackingId())) {
            wrong.put("pointer", "name at least one marker, entry or tracking id from the sanitized copy");
        }
        if (asked.trackingId() != null && asked.trackingId().length() > 200) {
            wrong.put("trackingId", "at most 200 characters");
        }
        checkMarkers(asked, file, wrong);
        checkEntries(asked, file, wrong);
        Key key = key(caller, asked, wrong);
        if (!wrong.isEmpty()) {
            throw new ExceptionRefused(Reason.INVALID, "the request is not valid: " + String.join(", ",
                    wrong.keySet()), wrong);
        }
        return key;
    }

    private static void checkMarkers(NewRequest asked, ProcessedFile file, Map<String, String> wrong) {
        if (asked.scope() == Scope.MARKERS && asked.markers().isEmpty()) {
            wrong.put("markers", "required for scope markers");
            return;
        }
        if (asked.markers().size() > MAX_MARKERS) {
            wrong.put("markers", "at most " + MAX_MARKERS + " markers in one request");
            return;
        }
        for (String marker : asked.markers()) {
            if (marker == null || !Markers.isMarker(marker)) {
                wrong.put("markers", "each must be a whole marker like [REDACTED:token:0123abcd]");
                return;
            }
        }
        Set<String> missing = new HashSet<>(asked.markers());
        file.manifest().redactions(r -> missing.remove(r.marker()));
        if (!missing.isEmpty()) {
            wrong.put("markers", "not in this file's sanitized copy: " + String.join(" ", missing.stream().sorted()
                    .toList()));
        }
    }

    private static void checkEntries(NewRequest asked, ProcessedFile file, Map<String, String> wrong) {
        if (asked.scope() == Scope.ENTRIES && asked.entries().isEmpty()) {
            wrong.put("entries", "required for scope entries");
        } else if (asked.entries().size() > MAX_ENTRIES) {
            wrong.put("entries", "at most " + MAX_ENTRIES + " entries in one request");
        } else if (asked.entries().stream().anyMatch(e -> e == null || e < 0 || e >= file.entries())) {
            wrong.put("entries", "outside the file: it has " + file.entries() + " entries, numbered from 0");
        }
    }

    /** The fingerprint of the key a request with an empty key field would be encrypted to, if there is one. */
    Optional<String> keyOnRecord(Caller caller) {
        return registeredKeys.apply(caller.name()).map(armored -> parse(armored, new java.util.HashMap<>()))
                .map(Key::fingerprint);
    }

    private Key key(Caller caller, NewRequest asked, Map<String, String> wrong) {
        Optional<String> armored = blank(asked.requesterKey()) ? registeredKeys.apply(caller.name())
                : Optional.of(asked.requesterKey());
        if (armored.isEmpty()) {
            wrong.put("requesterKey", "required: no OpenPGP key is registered for " + caller.name());
            return null;
        }
        return parse(armored.get(), wrong);
    }

    /** One public key, checked like a recipient key; null with the reason in {@code wrong}. */
    private Key parse(String armored, Map<String, String> wrong) {
        if (armored.length() > MAX_KEY) {
            wrong.put("requesterKey", "at most " + MAX_KEY + " characters: one public key");
            return null;
        }
        try {
            List<Recipient> keys = RecipientKeys.load(new ByteArrayInputStream(armored.getBytes(
                    StandardCharsets.UTF_8)), "the requester's key", clock.instant());
            if (keys.size() != 1) {
                wrong.put("requesterKey", "give exactly one public key, not " + keys.size());
                return null;
            }
            return new Key(armored, keys.get(0).fingerprint());
        } catch (KeyRejectedException | IOException e) {
            wrong.put("requesterKey", e.getMessage());
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
