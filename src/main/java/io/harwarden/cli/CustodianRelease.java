package io.harwarden.cli;

import io.harwarden.exception.release.Releases;
import io.harwarden.files.FileNames;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.pgp.DecryptionException;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.KeyRejectedException;
import io.harwarden.pgp.PgpDecryptor;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.Recipient;
import io.harwarden.pgp.RecipientKeys;
import io.harwarden.pgp.SecretKeys;
import io.harwarden.pgp.SessionKeyRewrap;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code decrypt ... --to-recipient KEY.asc [--entries N,N | --markers M,M --marker-key FILE]}: a key custodian
 * releases exactly an approved scope to the requester's key, and no plaintext is written: the whole file by
 * re-wrapping its session key, entries or marker values decrypted in memory and encrypted again.
 */
final class CustodianRelease {
    private CustodianRelease() {
    }

    /**
     * What to release, from decrypt's options.
     *
     * @param toRecipient the requester's key file, or null for a plain decrypt
     * @param entries entry numbers, or null
     * @param markers marker names, or null
     * @param markerKey the request's encrypted marker key file, or null
     */
    record Scope(String toRecipient, String entries, String markers, String markerKey) {
        boolean wanted() {
            return toRecipient != null;
        }

        void refuseWithoutRecipient() throws CliException {
            if (toRecipient == null && (entries != null || markers != null || markerKey != null)) {
                throw new CliException(2, "--entries and --markers release to a key: add --to-recipient KEY.asc");
            }
        }
    }

    /** @return a one-line summary for stderr */
    static String run(Scope scope, SecretKeys keys, InputStream encrypted, OutputStream out) throws Exception {
        List<Recipient> to;
        try {
            to = RecipientKeys.load(FileNames.of(scope.toRecipient()));
        } catch (KeyRejectedException e) {
            throw new CliException(2, e.getMessage());
        }
        String entries = scope.entries();
        String markers = scope.markers();
        if (entries != null && markers != null) {
            throw new CliException(2, "give --entries or --markers, not both");
        }
        String fingerprint = to.get(0).fingerprint();
        if (entries == null && markers == null) {
            SessionKeyRewrap.rewrap(encrypted, keys, to, out);
            return "the whole file re-encrypted to key " + fingerprint + " without decrypting its data";
        }
        PgpEncryptor encryptor = new PgpEncryptor(to, EncryptionOptions.DEFAULT);
        try (PgpEncryptor.PlaintextSink plain = encryptor.open(out, entries != null ? "release.har" : "release.json",
                Instant.now()); InputStream original = Releases.decrypting(encrypted, keys)) {
            String summary;
            if (entries != null) {
                int written = Releases.writeEntries(original, numbers(entries), "custodian", plain);
                summary = written + " entries";
            } else {
                byte[] markerKey = markerKey(scope.markerKey(), keys);
                try {
                    List<String> chosen = List.of(markers.split(","));
                    Releases.writeMarkerValues(new HarSanitizer(SanitizerPolicy.defaults()), original, markerKey,
                            chosen.stream().map(String::strip).toList(), Map.of("release", "custodian"), plain);
                    summary = chosen.size() + " marker values";
                } finally {
                    Arrays.fill(markerKey, (byte) 0);
                }
            }
            original.transferTo(OutputStream.nullOutputStream());
            return summary + " encrypted to key " + fingerprint;
        }
    }

    private static byte[] markerKey(String file, SecretKeys keys) throws Exception {
        if (file == null) {
            throw new CliException(2, "--markers needs --marker-key FILE (the request's encrypted marker key, from "
                    + "GET /api/exceptions/{id}/marker-key)");
        }
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(FileNames.of(file))) {
            new PgpDecryptor(keys).decrypt(in, key);
        } catch (DecryptionException e) {
            throw new CliException(2, "cannot decrypt the marker key: " + e.getMessage());
        }
        if (key.size() != 32) {
            throw new CliException(2, "that is not a HAR Warden marker key");
        }
        return key.toByteArray();
    }

    private static Set<Integer> numbers(String list) throws CliException {
        Set<Integer> numbers = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            try {
                int n = Integer.parseInt(part.strip());
                if (n < 0) {
                    throw new NumberFormatException();
                }
                numbers.add(n);
            } catch (NumberFormatException e) {
                throw new CliException(2, "--entries: entry numbers from 0, separated by commas");
            }
        }
        return numbers;
    }
}
