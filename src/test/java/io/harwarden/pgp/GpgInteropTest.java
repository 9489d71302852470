package io.harwarden.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Interoperability with the real GnuPG binary in both directions, each test in a throwaway GNUPGHOME. Skipped with a
 * message when gpg is not installed; {@code .ci/run} installs it, so CI always runs these.
 */
class GpgInteropTest {
    private Path home;

    @BeforeEach
    void gnupgHome() throws Exception {
        assumeTrue(gpgInstalled(), "gpg is not installed: skipping GnuPG interoperability (apt-get install gnupg)");
        home = Files.createTempDirectory("hw-gpg");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (home != null) {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").start().waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest(name = "{0} armor={1} zlib={2}")
    @CsvSource({"rsa3072,false,0", "rsa3072,true,6", "x25519,false,0", "x25519,true,1"})
    void gpgDecryptsWhatHarWardenEncrypts(String key, boolean armor, int compression) throws Exception {
        byte[] original = PgpRoundTripTest.sample(300_000);
        Path cipher = home.resolve("msg.pgp");
        try (OutputStream out = Files.newOutputStream(cipher)) {
            new PgpEncryptor(TestKeys.recipients(key + "-public.asc"), new EncryptionOptions(armor, compression, false))
                    .encrypt(new java.io.ByteArrayInputStream(original), out, "orig.har", Instant.now());
        }
        gpg("--import", TestKeys.file(key + "-secret.asc").toString());
        Path plain = home.resolve("plain.har");
        gpg("--output", plain.toString(), "--decrypt", cipher.toString());
        assertArrayEquals(original, Files.readAllBytes(plain));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"rsa3072,--compress-algo=none", "rsa3072,--armor", "x25519,--compress-algo=zlib", "x25519,--armor"})
    void harWardenDecryptsWhatGpgEncrypts(String key, String option) throws Exception {
        byte[] original = PgpRoundTripTest.sample(300_000);
        Path plain = home.resolve("orig.har");
        Files.write(plain, original);
        gpg("--import", TestKeys.file(key + "-public.asc").toString());
        Path cipher = home.resolve("msg.gpg");
        String fingerprint = TestKeys.recipients(key + "-public.asc").get(0).fingerprint();
        gpg("--trust-model", "always", option, "--recipient", fingerprint, "--output", cipher.toString(), "--encrypt",
                plain.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SecretKeys keys = TestKeys.secret(key + "-secret.asc"); InputStream in = Files.newInputStream(cipher)) {
            DecryptionResult result = new PgpDecryptor(keys).decrypt(in, out);
            assertEquals(fingerprint, result.keyFingerprint());
            assertEquals("orig.har", result.fileName());
        }
        assertArrayEquals(original, out.toByteArray());
    }

    /** A whole original given to a requester's key by re-wrapping its session key opens in gpg with that key. */
    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"rsa3072,x25519", "x25519,rsa3072"})
    void gpgDecryptsAnOriginalRewrappedToTheRequestersKey(String custodian, String requester) throws Exception {
        byte[] original = PgpRoundTripTest.sample(300_000);
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        new PgpEncryptor(TestKeys.recipients(custodian + "-public.asc"), EncryptionOptions.DEFAULT)
                .encrypt(new java.io.ByteArrayInputStream(original), encrypted, "orig.har", Instant.now());
        Path released = home.resolve("released.pgp");
        try (SecretKeys keys = TestKeys.secret(custodian + "-secret.asc");
                OutputStream out = Files.newOutputStream(released)) {
            SessionKeyRewrap.rewrap(new java.io.ByteArrayInputStream(encrypted.toByteArray()), keys,
                    TestKeys.recipients(requester + "-public.asc"), out);
        }
        gpg("--import", TestKeys.file(requester + "-secret.asc").toString());
        Path plain = home.resolve("plain.har");
        gpg("--output", plain.toString(), "--decrypt", released.toString());
        assertArrayEquals(original, Files.readAllBytes(plain));
    }

    private void gpg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes",
                "--pinentry-mode", "loopback", "--passphrase", new String(TestKeys.PASSPHRASE)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), "gpg finished");
        assertEquals(0, process.exitValue(), "gpg " + String.join(" ", args) + ":\n" + output);
    }

    static boolean gpgInstalled() {
        try {
            return new ProcessBuilder("gpg", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }
}
