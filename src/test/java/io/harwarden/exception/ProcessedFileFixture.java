package io.harwarden.exception;

import io.harwarden.har.Cancellation;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.RedactionManifest;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.RecipientKeys;
import io.harwarden.pipeline.StoredManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A real HAR, sanitized with a known marker key, and the manifest the daemon would keep for it. */
public final class ProcessedFileFixture {
    public static final String EXPIRED_JWT = jwt("{\"sub\":\"u1\",\"exp\":1700000000}");
    static final String LIVE_JWT = jwt("{\"sub\":\"u2\",\"exp\":4102444800}");
    static final String PASSWORD = "Corr3ct-Horse-Battery-Staple";
    static final String SESSION = "s3ss10n-4f1b2c9d8e7a6b5c";

    public final byte[] original;
    public final String sanitized;
    public final byte[] markerKey;
    public final StoredManifest manifest;
    final List<RedactionManifest.Redaction> redactions = new ArrayList<>();

    ProcessedFileFixture(Path dir, String jobId) throws Exception {
        original = har().getBytes(StandardCharsets.UTF_8);
        markerKey = HarSanitizer.newMarkerKey();
        Path out = dir.resolve(jobId + ".sanitized.har");
        new HarSanitizer(SanitizerPolicy.defaults()).sanitizeToFile(new ByteArrayInputStream(original), out,
                new Cancellation(), markerKey);
        sanitized = Files.readString(out);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        RedactionManifest.Summary summary;
        try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
            summary = RedactionManifest.write(Files.newInputStream(out), zip);
        }
        manifest = new StoredManifest(jobId, summary.redactions(), summary.byCategory(), summary.expiredJwts(),
                summary.entries(), gz.toByteArray(), encryptToDemoKey(markerKey), Instant.now());
        manifest.redactions(redactions::add);
    }

    /** What the daemon does with the original and the marker key: encrypt them to its recipients (the demo key). */
    static byte[] encryptToDemoKey(byte[] plaintext) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PgpEncryptor(RecipientKeys.load(Path.of("keys-example/demo-public.asc")), EncryptionOptions.DEFAULT)
                .encrypt(new ByteArrayInputStream(plaintext), out, "session.har", Instant.now());
        return out.toByteArray();
    }

    public ProcessedFile file(String caseId, String jobId) {
        return new ProcessedFile(jobId, caseId, "session.har", "session.har.pgp", "session.har.pgp", 0, "",
                manifest.entries(), manifest, null, null);
    }

    /** The marker of the first redaction of that category. */
    public String marker(String category) {
        return redactions.stream().filter(r -> r.category().equals(category)).findFirst().orElseThrow().marker();
    }

    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
    }

    private static String entry(String url, String headers) {
        return """
                {"startedDateTime":"2024-01-01T00:00:00.000Z","time":1,
                 "request":{"method":"GET","url":"%s","httpVersion":"HTTP/1.1","headers":[%s],"queryString":[],
                   "cookies":[],"headersSize":-1,"bodySize":0},
                 "response":{"status":401,"statusText":"Unauthorized","httpVersion":"HTTP/1.1","headers":[
                   {"name":"TrackingID","value":"ATLAS_7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910_3"}],"cookies":[],
                   "content":{"size":0,"mimeType":"text/plain","text":"denied"},"redirectURL":"","headersSize":-1,
                   "bodySize":-1},
                 "cache":{},"timings":{"send":1,"wait":1,"receive":1}}""".formatted(url, headers);
    }

    static String har() {
        return """
                {"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[%s,%s,%s]}}"""
                .formatted(entry("https://example.com/a", "{\"name\":\"Authorization\",\"value\":\"Bearer "
                        + EXPIRED_JWT + "\"}"),
                        entry("https://example.com/b", "{\"name\":\"Authorization\",\"value\":\"Bearer " + LIVE_JWT
                                + "\"},{\"name\":\"X-Password\",\"value\":\"" + PASSWORD + "\"}"),
                        entry("https://example.com/c", "{\"name\":\"Cookie\",\"value\":\"sid=" + SESSION + "\"}"));
    }
}
