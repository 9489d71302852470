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
import java.util.Set;

/** {@code encrypt --recipient FILE [--recipient FILE...] [--armor] [--compress LEVEL] [--aead] IN OUT}. */
final class EncryptCommand {
    static final String USAGE = "encrypt --recipient KEY.asc [--recipient KEY.asc ...] [--armor] [--compress 0-9] "
            + "[--aead] IN OUT";

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    EncryptCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    void run(List<String> raw) throws Exception {
        Args args = Args.parse(raw, Set.of("--recipient", "--compress"), Set.of("--armor", "--aead"));
        if (args.positional().size() != 2 || args.all("--recipient").isEmpty()) {
            throw new CliException(2, "usage: " + USAGE);
        }
        List<Recipient> recipients = new ArrayList<>();
        for (String file : args.all("--recipient")) {
            try {
                recipients.addAll(RecipientKeys.load(FileNames.of(file)));
            } catch (KeyRejectedException e) {
                throw new CliException(2, e.getMessage());
            }
        }
        EncryptionOptions options = new EncryptionOptions(args.flag("--armor"), level(args.option("--compress")),
                args.flag("--aead"));
        String in = args.positional().get(0);
        String name = in.equals("-") ? "stdin" : FileNames.name(FileNames.of(in));
        Instant modified = in.equals("-") ? Instant.now() : modifiedTime(in);
        EncryptionResult result;
        try (InputStream input = in.equals("-") ? stdin : Files.newInputStream(FileNames.of(in))) {
            result = Outputs.publish(args.positional().get(1), stdout,
                    out -> new PgpEncryptor(recipients, options).encrypt(input, out, name, modified));
        } catch (NoSuchFileException e) {
            throw new CliException(2, "cannot read " + in + ": no such file");
        }
        stderr.println("encrypted " + result.plaintextBytes() + " bytes to " + String.join(", ",
                result.recipientFingerprints()));
    }

    private static Instant modifiedTime(String in) throws CliException, IOException {
        try {
            return Files.getLastModifiedTime(FileNames.of(in)).toInstant();
        } catch (NoSuchFileException e) {
            throw new CliException(2, "cannot read " + in + ": no such file");
        }
    }

    private static int level(String value) throws CliException {
        if (value == null) {
            return 0;
        }
        try {
            int level = Integer.parseInt(value);
            if (level >= 0 && level <= 9) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliException(2, "--compress takes a level from 0 (none) to 9");
    }
}
