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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decrypt --key FILE [--passphrase-file FILE] IN OUT}. The passphrase comes from a file or the
 * {@code HARWARDEN_PASSPHRASE} environment variable, never from the command line (where other users could read it).
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true, description = "Decrypts an encrypted original, or releases "
        + "an approved scope of it to a requester's key without writing plaintext.")
final class DecryptCommand implements Callable<Integer> {
    static final String PASSPHRASE_VARIABLE = "HARWARDEN_PASSPHRASE";

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Map<String, String> environment;

    @Parameters(index = "0", paramLabel = "IN", description = "the encrypted file, or - for stdin")
    String in;
    @Parameters(index = "1", paramLabel = "OUT", description = "where the result goes, or - for stdout")
    String out;
    @Option(names = "--key", paramLabel = "SECRET.asc", required = true, description = "the custodian's secret key")
    String key;
    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "its passphrase (or HARWARDEN_PASSPHRASE)")
    String passphraseFile;
    @Option(names = "--to-recipient", paramLabel = "KEY.asc", description = "release to this key, writing no plaintext")
    String toRecipient;
    @Option(names = "--entries", paramLabel = "N,N", description = "release these entries only")
    String entries;
    @Option(names = "--markers", paramLabel = "M,M", description = "release these redacted values only")
    String markers;
    @Option(names = "--marker-key", paramLabel = "FILE", description = "the request's encrypted marker key")
    String markerKey;

    DecryptCommand(InputStream stdin, PrintStream stdout, PrintStream stderr, Map<String, String> environment) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        CustodianRelease.Scope scope = new CustodianRelease.Scope(toRecipient, entries, markers, markerKey);
        scope.refuseWithoutRecipient();
        char[] passphrase = passphrase(passphraseFile);
        try (SecretKeys keys = SecretKeys.load(FileNames.of(key), passphrase);
                InputStream input = in.equals("-") ? stdin : Files.newInputStream(FileNames.of(in))) {
            if (scope.wanted()) {
                String summary = Outputs.publish(out, stdout, o -> CustodianRelease.run(scope, keys, input, o));
                stderr.println("released " + summary);
                return 0;
            }
            DecryptionResult result = Outputs.publish(out, stdout, o -> new PgpDecryptor(keys).decrypt(input, o));
            stderr.println("decrypted " + result.plaintextBytes() + " bytes (" + result.fileName() + ") with key "
                    + result.keyFingerprint());
            return 0;
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
