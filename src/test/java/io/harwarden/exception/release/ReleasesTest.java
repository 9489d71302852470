package io.harwarden.exception.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.exception.ExceptionRequest;
import io.harwarden.exception.ProcessedFile;
import io.harwarden.exception.ProcessedFileFixture;
import io.harwarden.exception.ReleaseFixtures;
import io.harwarden.exception.Scope;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.pgp.DecryptionException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each scope releases: exactly what was approved, encrypted to the requester's key only. */
class ReleasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ReleaseFixtures fixtures;
    private Releases releases;

    @BeforeEach
    void setUp() throws Exception {
        fixtures = new ReleaseFixtures(dir);
        releases = new Releases(new HarSanitizer(SanitizerPolicy.defaults()), ReleaseFixtures::demoCustodian,
                Clock.systemUTC());
    }

    private byte[] release(ExceptionRequest request, byte[] encryptedOriginal, Releases.Delivered[] delivered)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProcessedFile file = fixtures.file.file(request.caseId(), request.jobId());
        delivered[0] = releases.write(request, file, new ByteArrayInputStream(encryptedOriginal), out);
        return out.toByteArray();
    }


    @Test
    void markersReleaseExactlyTheirValuesToTheRequestersKeyOnly() throws Exception {
        String password = fixtures.file.marker("password");
        String jwt = fixtures.file.marker("jwt-signature");
        ExceptionRequest request = fixtures.request(Scope.MARKERS, List.of(password, jwt), List.of());
        Releases.Delivered[] delivered = new Releases.Delivered[1];
        byte[] sent = release(request, fixtures.encryptedOriginal, delivered);

        JsonNode opened = JSON.readTree(ReleaseFixtures.openAsRequester(sent));
        assertEquals(List.of(password, jwt), iterable(opened.path("values").fieldNames()));
        assertEquals(List.of("Corr3ct-Horse-Battery-Staple"), texts(opened.path("values").path(password)));
        assertEquals(List.of(ProcessedFileFixture.EXPIRED_JWT), texts(opened.path("values").path(jwt)),
                "a JWT's marker stands for the whole token");
        assertEquals(request.id(), opened.path("release").asText());
        String all = opened.toString();
        assertFalse(all.contains("s3ss10n"), "no value outside the request");
        assertDelivered(sent, delivered[0]);
        assertThrows(DecryptionException.class, () -> ReleaseFixtures.demoDecrypt(sent), "not for the custodian");
    }

    @Test
    void entriesReleaseAValidHarWithThoseEntriesAsTheyWere() throws Exception {
        ExceptionRequest request = fixtures.request(Scope.ENTRIES, List.of(), List.of(0, 2));
        Releases.Delivered[] delivered = new Releases.Delivered[1];
        byte[] sent = release(request, fixtures.encryptedOriginal, delivered);

        JsonNode released = JSON.readTree(ReleaseFixtures.openAsRequester(sent));
        JsonNode original = JSON.readTree(fixtures.file.original);
        JsonNode entries = released.path("log").path("entries");
        assertEquals(2, entries.size());
        assertEquals(original.path("log").path("entries").get(0), entries.get(0));
        assertEquals(original.path("log").path("entries").get(2), entries.get(1));
        assertEquals("1.2", released.path("log").path("version").asText());
        assertEquals(request.id(), released.path("log").path("_harWarden").path("release").asText());
        assertFalse(released.toString().contains("Corr3ct-Horse"), "entry 1 is not released");
        assertTrue(released.toString().contains("s3ss10n-4f1b2c9d8e7a6b5c"), "entry 2 is, unsanitized");
        assertDelivered(sent, delivered[0]);
    }

    @Test
    void theFileIsTheOriginalByteForByte() throws Exception {
        ExceptionRequest request = fixtures.request(Scope.FILE, List.of(), List.of());
        Releases.Delivered[] delivered = new Releases.Delivered[1];
        byte[] sent = release(request, fixtures.encryptedOriginal, delivered);
        assertArrayEquals(fixtures.file.original, ReleaseFixtures.openAsRequester(sent));
        assertDelivered(sent, delivered[0]);
        assertThrows(DecryptionException.class, () -> ReleaseFixtures.demoDecrypt(sent));
    }

    @Test
    void wherePlaintextIsAllowedTheSameContentComesUnencrypted() throws Exception {
        ExceptionRequest file = fixtures.request(Scope.FILE, List.of(), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Releases.Delivered delivered = releases.writePlaintext(file, fixtures.file.file(file.caseId(), file.jobId()),
                new ByteArrayInputStream(fixtures.encryptedOriginal), out);
        assertArrayEquals(fixtures.file.original, out.toByteArray());
        assertEquals("plaintext", delivered.recipient());
        assertDeliveredBytes(out.toByteArray(), delivered);

        ExceptionRequest entries = fixtures.request(Scope.ENTRIES, List.of(), List.of(1));
        out.reset();
        releases.writePlaintext(entries, fixtures.file.file(entries.caseId(), entries.jobId()),
                new ByteArrayInputStream(fixtures.encryptedOriginal), out);
        assertEquals(1, JSON.readTree(out.toByteArray()).path("log").path("entries").size());
    }

    @Test
    void aTamperedOriginalFailsTheReleaseInsteadOfGivingPartOfIt() throws Exception {
        byte[] tampered = fixtures.encryptedOriginal.clone();
        tampered[tampered.length - 30] ^= 0x55;
        for (Scope scope : List.of(Scope.MARKERS, Scope.ENTRIES)) {
            ExceptionRequest request = fixtures.request(scope, scope == Scope.MARKERS
                    ? List.of(fixtures.file.marker("password")) : List.of(), scope == Scope.ENTRIES ? List.of(1)
                    : List.of());
            IOException e = assertThrows(IOException.class,
                    () -> release(request, tampered, new Releases.Delivered[1]), scope.label());
            assertTrue(e.getMessage().startsWith("the original cannot be"), e.getMessage());
            assertFalse(e.getMessage().contains("Corr3ct") || e.getMessage().contains("line:"), e.getMessage());
        }
    }

    @Test
    void nothingOfTheOriginalIsWrittenToDisk() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countFilesWith(tmp, "Corr3ct-Horse-Battery-Staple");
        release(fixtures.request(Scope.ENTRIES, List.of(), List.of(1)), fixtures.encryptedOriginal,
                new Releases.Delivered[1]);
        assertEquals(before, countFilesWith(tmp, "Corr3ct-Horse-Battery-Staple"));
    }

    private static long countFilesWith(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.walk(root, 2)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) < (32 << 20) && indexOf(Files.readAllBytes(p), needle) >= 0;
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void assertDelivered(byte[] sent, Releases.Delivered delivered) throws Exception {
        assertDeliveredBytes(sent, delivered);
        assertEquals(ReleaseFixtures.REQUESTER_FINGERPRINT, delivered.recipient());
    }

    private static void assertDeliveredBytes(byte[] sent, Releases.Delivered delivered) throws Exception {
        assertEquals(sent.length, delivered.bytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sent)), delivered.sha256());
    }

    private static List<String> texts(JsonNode array) {
        return iterable(array.elements()).stream().map(JsonNode::asText).toList();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> all = new java.util.ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }
}
