package io.harwarden.cli;

import io.harwarden.files.FileNames;
import io.harwarden.pgp.DecryptionException;
import io.harwarden.pgp.DecryptionResult;
import io.harwarden.pgp.KeyRejectedException;
import io.harwarden.pgp.PgpDecryptor;
import io.harwarden.pgp.SecretKeys;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code decrypt --key FILE [--passphrase-file FILE] IN OUT}. The passphrase comes from a file or the
 * {@code HARWARDEN_PASSPHRASE} environment variable, never from the command line (where other users could read it).
 */
final class DecryptCommand {
    static final String USAGE = "decrypt --key SECRET.asc [--passphrase-file FILE] [--to-recipient KEY.asc "
            + "[--entries N,N | --markers M,M --marker-key FILE]] IN OUT   (or the passphrase in HARWARDEN_PASSPHRASE)";
    static final String PASSPHRASE_VARIABLE = "HARWARDEN_PASSPHRASE";

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Map<String, String> environment;

    DecryptCommand(InputStream stdin, PrintStream stdout, PrintStream stderr, Map<String, String> environment) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.environment = environment;
    }

    void run(List<String> raw) throws Exception {
        Args args = Args.parse(raw, Set.of("--key", "--passphrase-file", "--to-recipient", "--entries", "--markers",
                "--marker-key"), Set.of());
        CustodianRelease.refuseWithout(args);
        if (args.positional().size() != 2 || args.option("--key") == null) {
            throw new CliException(2, "usage: " + USAGE);
        }
        String in = args.positional().get(0);
        char[] passphrase = passphrase(args.option("--passphrase-file"));
        try (SecretKeys keys = SecretKeys.load(FileNames.of(args.option("--key")), passphrase);
                InputStream input = in.equals("-") ? stdin : Files.newInputStream(FileNames.of(in))) {
            if (CustodianRelease.wanted(args)) {
                String summary = Outputs.publish(args.positional().get(1), stdout,
                        out -> CustodianRelease.run(args, keys, input, out));
                stderr.println("released " + summary);
                return;
            }
            DecryptionResult result = Outputs.publish(args.positional().get(1), stdout,
                    out -> new PgpDecryptor(keys).decrypt(input, out));
            stderr.println("decrypted " + result.plaintextBytes() + " bytes (" + result.fileName() + ") with key "
                    + result.keyFingerprint());
        } catch (KeyRejectedException e) {
            throw new CliException(2, e.getMessage());
        } catch (DecryptionException e) {
            throw new CliException(2, "cannot decrypt: " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new CliException(2, "cannot read " + in + ": no such file");
        } finally {
            if (passphrase != null) {
                java.util.Arrays.fill(passphrase, '\0');
            }
        }
    }

    private char[] passphrase(String file) throws CliException, java.io.IOException {
        if (file != null) {
            try {
                String text = Files.readString(FileNames.of(file), StandardCharsets.UTF_8);
                return text.strip().toCharArray();
            } catch (NoSuchFileException e) {
                throw new CliException(2, "cannot read passphrase file " + file + ": no such file");
            }
        }
        String fromEnvironment = environment.get(PASSPHRASE_VARIABLE);
        return fromEnvironment == null ? null : fromEnvironment.toCharArray();
    }
}
