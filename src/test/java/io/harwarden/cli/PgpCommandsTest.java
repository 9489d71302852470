package io.harwarden.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgpCommandsTest {
    @TempDir
    Path dir;
    private Path original;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void original() throws Exception {
        original = dir.resolve("case.har");
        try (InputStream in = getClass().getResourceAsStream("/har-samples/firefox118-login-auth-cookies.har")) {
            Files.copy(in, original);
        }
    }

    private int run(Map<String, String> env, String... args) {
        return Cli.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private static String key(String name) {
        try {
            return Path.of(PgpCommandsTest.class.getResource("/keys/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void encryptToTwoRecipientsThenDecryptWithEither() throws Exception {
        Path cipher = dir.resolve("case.har.pgp");
        assertEquals(0, run("encrypt", "--recipient", key("x25519-public.asc"), "--recipient", key("rsa3072-public.asc"),
                original.toString(), cipher.toString()), err.toString());
        assertTrue(err.toString().contains("encrypted "), err.toString());
        Path plain = dir.resolve("back.har");
        assertEquals(0, run("decrypt", "--key", key("rsa3072-secret.asc"), "--passphrase-file", key("passphrase.txt"),
                cipher.toString(), plain.toString()), err.toString());
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(plain));
        Files.delete(plain);
        assertEquals(0, run(Map.of("HARWARDEN_PASSPHRASE", "test-passphrase"), "decrypt", "--key",
                key("x25519-secret.asc"), cipher.toString(), plain.toString()), err.toString());
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(plain));
        assertTrue(err.toString().contains("case.har"), err.toString());
    }

    @Test
    void armoredToStdout() {
        assertEquals(0, run("encrypt", "--armor", "--compress", "6", "--recipient", key("x25519-public.asc"),
                original.toString(), "-"));
        assertTrue(out.toString(StandardCharsets.US_ASCII).startsWith("-----BEGIN PGP MESSAGE-----"));
    }

    @Test
    void rejectedRecipientKeyIsAOneLineError() throws Exception {
        assertEquals(2, run("encrypt", "--recipient", key("expired-public.asc"), original.toString(),
                dir.resolve("x.pgp").toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("expired"), err.toString());
        assertNoOutputsBeside("case.har");
    }

    @Test
    void wrongPassphraseAndTamperingLeaveNoPlaintext() throws Exception {
        Path cipher = dir.resolve("c.pgp");
        assertEquals(0, run("encrypt", "--recipient", key("x25519-public.asc"), original.toString(), cipher.toString()));
        Path wrong = dir.resolve("wrong.txt");
        Files.writeString(wrong, "not-it");
        assertEquals(2, run("decrypt", "--key", key("x25519-secret.asc"), "--passphrase-file", wrong.toString(),
                cipher.toString(), dir.resolve("p1.har").toString()));
        assertTrue(err.toString().contains("passphrase does not unlock"), err.toString());
        assertFalse(err.toString().contains("not-it"));

        byte[] bytes = Files.readAllBytes(cipher);
        bytes[bytes.length - 30] ^= 0x40;
        Files.write(cipher, bytes);
        assertEquals(2, run("decrypt", "--key", key("x25519-secret.asc"), "--passphrase-file", key("passphrase.txt"),
                cipher.toString(), dir.resolve("p2.har").toString()));
        assertTrue(err.toString().contains("integrity check failed"), err.toString());
        assertNoOutputsBeside("case.har", "c.pgp", "wrong.txt");
    }

    @Test
    void garbageInputAndMissingKey() throws Exception {
        assertEquals(2, run("decrypt", "--key", key("x25519-secret.asc"), "--passphrase-file", key("passphrase.txt"),
                original.toString(), dir.resolve("p.har").toString()));
        assertTrue(err.toString().contains("not an OpenPGP encrypted message"), err.toString());
        assertEquals(2, run("decrypt", "--key", dir.resolve("none.asc").toString(), original.toString(), "-"));
        assertEquals(2, run("encrypt", original.toString(), "-"));
    }

    private void assertNoOutputsBeside(String... expected) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Stream.of(expected).sorted().toList(),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
