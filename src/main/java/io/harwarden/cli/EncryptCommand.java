package io.harwarden.cli;

import io.harwarden.files.FileNames;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.EncryptionResult;
import io.harwarden.pgp.KeyRejectedException;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.Recipient;
import io.harwarden.pgp.RecipientKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code encrypt --recipient FILE [--recipient FILE...] [--armor] [--compress LEVEL] [--aead] IN OUT}. */
@Command(name = "encrypt", mixinStandardHelpOptions = true, description = "Encrypts a file to OpenPGP keys, as the "
        + "daemon encrypts originals.")
final class EncryptCommand implements Callable<Integer> {

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    @Parameters(index = "0", paramLabel = "IN", description = "the file, or - for stdin")
    String in;
    @Parameters(index = "1", paramLabel = "OUT", description = "the encrypted file, or - for stdout")
    String out;
    @Option(names = "--recipient", paramLabel = "KEY.asc", required = true, description = "a public key (repeatable)")
    List<String> recipientFiles;
    @Option(names = "--armor", description = "ASCII armor")
    boolean armor;
    @Option(names = "--compress", paramLabel = "0-9", description = "ZLIB level, 0 for none")
    Integer compress;
    @Option(names = "--aead", description = "an RFC 9580 (v6, AEAD) message")
    boolean aead;

    EncryptCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws Exception {
        List<Recipient> recipients = new ArrayList<>();
        for (String file : recipientFiles) {
            try {
                recipients.addAll(RecipientKeys.load(FileNames.of(file)));
            } catch (KeyRejectedException e) {
                throw new CliException(2, e.getMessage());
            }
        }
        EncryptionOptions options = new EncryptionOptions(armor, level(compress), aead);
        String name = in.equals("-") ? "stdin" : FileNames.name(FileNames.of(in));
        Instant modified = in.equals("-") ? Instant.now() : modifiedTime(in);
        EncryptionResult result;
        try (InputStream input = in.equals("-") ? stdin : Files.newInputStream(FileNames.of(in))) {
            result = Outputs.publish(out, stdout,
                    out -> new PgpEncryptor(recipients, options).encrypt(input, out, name, modified));
        } catch (NoSuchFileException e) {
            throw new CliException(2, "cannot read " + in + ": no such file");
        }
        stderr.println("encrypted " + result.plaintextBytes() + " bytes to " + String.join(", ",
                result.recipientFingerprints()));
        return 0;
    }

    private static Instant modifiedTime(String in) throws CliException, IOException {
        try {
            return Files.getLastModifiedTime(FileNames.of(in)).toInstant();
        } catch (NoSuchFileException e) {
            throw new CliException(2, "cannot read " + in + ": no such file");
        }
    }

    private static int level(Integer value) throws CliException {
        if (value == null) {
            return 0;
        }
        if (value >= 0 && value <= 9) {
            return value;
        }
        throw new CliException(2, "--compress takes a level from 0 (none) to 9");
    }
}
