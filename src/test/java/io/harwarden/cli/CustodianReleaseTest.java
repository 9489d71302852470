package io.harwarden.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.exception.ReleaseFixtures;
import io.harwarden.exception.signin.PasswordHash;
import io.harwarden.exception.signin.UsersFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key custodian releases exactly an approved scope to the requester's key with the CLI; and users are added. */
class CustodianReleaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ReleaseFixtures fixtures;
    private Path original;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        fixtures = new ReleaseFixtures(dir);
        original = dir.resolve("session.har.pgp");
        Files.write(original, fixtures.encryptedOriginal);
    }

    private int run(InputStream stdin, String... args) {
        return Cli.run(args, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private int release(String... extra) {
        String[] base = {"decrypt", "--key", "keys-example/demo-secret.asc", "--passphrase-file",
            "keys-example/demo-passphrase.txt", "--to-recipient", ReleaseFixtures.resource("x25519-public.asc")
                .toString()};
        String[] all = new String[base.length + extra.length + 2];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        all[all.length - 2] = original.toString();
        all[all.length - 1] = dir.resolve("release.pgp").toString();
        return run(InputStream.nullInputStream(), all);
    }

    private byte[] openAsRequester() throws Exception {
        return ReleaseFixtures.openAsRequester(Files.readAllBytes(dir.resolve("release.pgp")));
    }

    @Test
    void theWholeFileGoesToTheRequestersKeyWithoutItsDataBeingDecrypted() throws Exception {
        assertEquals(0, release(), err.toString());
        assertArrayEquals(fixtures.file.original, openAsRequester());
        assertTrue(err.toString().startsWith("released the whole file re-encrypted to key "), err.toString());
    }

    @Test
    void chosenEntriesGoAsAHarWithOnlyThoseEntries() throws Exception {
        assertEquals(0, release("--entries", "2"), err.toString());
        JsonNode har = JSON.readTree(openAsRequester());
        assertEquals(1, har.path("log").path("entries").size());
        assertEquals(JSON.readTree(fixtures.file.original).path("log").path("entries").get(2),
                har.path("log").path("entries").get(0));
    }

    @Test
    void markerValuesNeedTheRequestsEncryptedMarkerKey() throws Exception {
        String password = fixtures.file.marker("password");
        Path markerKey = dir.resolve("marker-key.pgp");
        Files.write(markerKey, fixtures.file.manifest.markerKey());
        assertEquals(0, release("--markers", password, "--marker-key", markerKey.toString()), err.toString());
        JsonNode values = JSON.readTree(openAsRequester()).path("values");
        assertEquals("Corr3ct-Horse-Battery-Staple", values.path(password).get(0).asText());
        assertEquals(1, values.size());

        err.reset();
        assertEquals(2, release("--markers", password));
        assertTrue(err.toString().contains("--marker-key"), err.toString());
        assertFalse(Files.exists(dir.resolve("release.pgp.part")));
    }

    @Test
    void scopesWithoutARecipientAndBadEntryListsAreUsageErrors() {
        assertEquals(2, run(InputStream.nullInputStream(), "decrypt", "--key", "keys-example/demo-secret.asc",
                "--entries", "1", original.toString(), dir.resolve("x").toString()));
        assertTrue(err.toString().contains("add --to-recipient"), err.toString());
        err.reset();
        assertEquals(2, release("--entries", "one"));
        assertEquals("harwarden: --entries: entry numbers from 0, separated by commas\n", err.toString());
        assertFalse(Files.exists(dir.resolve("release.pgp")), "no partial output");
    }

    @Test
    void addUserWritesAHashNeverThePassword() throws Exception {
        Path users = dir.resolve("users.properties");
        String password = "a long enough passphrase";
        assertEquals(0, run(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
                "add-user", "alice", "--roles", "requester,approver", "--users-file", users.toString()), err.toString());
        String text = Files.readString(users);
        assertFalse(text.contains(password));
        UsersFile.User alice = UsersFile.read(users).get("alice");
        assertTrue(PasswordHash.matches(password.toCharArray(), alice.passwordHash()));
        assertFalse(PasswordHash.matches("wrong".toCharArray(), alice.passwordHash()));
        assertEquals(2, alice.roles().size());

        assertEquals(2, run(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)), "add-user", "bob",
                "--roles", "approver", "--users-file", users.toString()));
        assertEquals(2, run(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
                "add-user", "bob", "--roles", "boss", "--users-file", users.toString()));
        assertEquals(2, run(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
                "add-user", "../bob", "--roles", "approver", "--users-file", users.toString()));
        assertEquals(1, UsersFile.read(users).size());
    }
}
