package io.harwarden.exception.signin;

import io.harwarden.exception.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The first start of the embedded default has nobody to sign in as: it creates {@code admin} with every role and a
 * generated password, written once to a file beside the users file that only its owner can read (a password never
 * goes to the log). Whoever runs HAR Warden reads it, signs in, adds people with {@code add-user} and deletes it.
 */
final class FirstRunAdmin {
    static final String NAME = "admin";
    static final String PASSWORD_FILE = "first-run-admin-password.txt";

    private FirstRunAdmin() {
    }

    /** Creates the admin when {@code users} does not exist yet; returns where its password is, or empty. */
    static Optional<Path> createIfNoUsers(Path users) throws IOException {
        if (Files.exists(users)) {
            return Optional.empty();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
        Path dir = users.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        try {
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(passwordFile);
        } catch (FileAlreadyExistsException stale) {
            Files.delete(passwordFile); // from a start that died before the users file: that password never worked
            return createIfNoUsers(users);
        }
        Files.writeString(passwordFile, new String(password) + "\n", StandardCharsets.UTF_8);
        UsersFile.put(users, new UsersFile.User(NAME, PasswordHash.hash(password), EnumSet.allOf(Role.class)));
        return Optional.of(passwordFile);
    }
}
