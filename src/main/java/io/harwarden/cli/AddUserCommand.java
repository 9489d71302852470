package io.harwarden.cli;

import io.harwarden.exception.Role;
import io.harwarden.exception.signin.PasswordHash;
import io.harwarden.exception.signin.UsersFile;
import io.harwarden.files.FileNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code add-user NAME --roles ROLE,ROLE [--password-file FILE] [--users-file FILE]}: adds or replaces a person in the
 * embedded sign-in's users file (a PBKDF2 hash, never the password). The password comes from a file or the first
 * line of standard input, never from the command line.
 */
@Command(name = "add-user", mixinStandardHelpOptions = true, description = "Adds or replaces a person in the embedded "
        + "sign-in's users file (the password from a file or standard input, never the command line).")
final class AddUserCommand implements Callable<Integer> {
    static final int MIN_PASSWORD = 12;

    private final InputStream stdin;
    private final PrintStream stderr;

    @Parameters(index = "0", paramLabel = "NAME", description = "the user name")
    String name;
    @Option(names = "--roles", paramLabel = "ROLE,ROLE", required = true,
            description = "requester, approver, auditor, admin")
    String roleList;
    @Option(names = "--password-file", paramLabel = "FILE", description = "the password (else the first line of stdin)")
    String passwordFile;
    @Option(names = "--users-file", paramLabel = "FILE", description = "the users file (data/users.properties)")
    String usersFile;

    AddUserCommand(InputStream stdin, PrintStream stderr) {
        this.stdin = stdin;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws CliException, IOException {
        if (!UsersFile.validName(name)) {
            throw new CliException(2, "a user name is letters, digits and . _ @ - (at most 128), starting with a "
                    + "letter or digit");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : roleList.split(",")) {
            try {
                roles.add(Role.valueOf(role.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CliException(2, "--roles: each of requester, approver, auditor, admin");
            }
        }
        char[] password = password(passwordFile);
        try {
            if (password.length < MIN_PASSWORD) {
                throw new CliException(2, "the password needs at least " + MIN_PASSWORD + " characters");
            }
            Path file = FileNames.of(usersFile == null ? "data/users.properties" : usersFile);
            UsersFile.put(file, new UsersFile.User(name, PasswordHash.hash(password), roles));
            stderr.println("user " + name + " (" + String.join(", ", roles.stream().map(Role::label).toList())
                    + ") written to " + file);
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] password(String file) throws CliException, IOException {
        String text;
        if (file != null) {
            try {
                text = Files.readString(FileNames.of(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CliException(2, "cannot read password file " + file + ": no such file");
            }
        } else {
            // one line, so that a person typing it ends with Enter, not with end of input
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            return line == null ? new char[0] : line.strip().toCharArray();
        }
        String line = text.lines().findFirst().orElse("");
        return line.strip().toCharArray();
    }
}
