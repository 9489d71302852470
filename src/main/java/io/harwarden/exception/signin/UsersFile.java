package io.harwarden.exception.signin;

import io.harwarden.exception.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The embedded sign-in's users: one line per person, {@code name = <password hash> ; role,role}, {@code #} for
 * comments. For trying HAR Warden locally; production signs in with OIDC.
 */
public final class UsersFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    /** One person. */
    public record User(String name, String passwordHash, Set<Role> roles) {
    }

    private UsersFile() {
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Everyone in the file; an empty map when there is no file. Lines that cannot be read are skipped. */
    public static Map<String, User> read(Path file) throws IOException {
        Map<String, User> users = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return users;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            parse(line).ifPresent(u -> users.put(u.name(), u));
        }
        return users;
    }

    static Optional<User> parse(String line) {
        String text = line.strip();
        int eq = text.indexOf('=');
        int semi = text.lastIndexOf(';');
        if (text.isEmpty() || text.startsWith("#") || eq < 0 || semi < eq) {
            return Optional.empty();
        }
        String name = text.substring(0, eq).strip();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : text.substring(semi + 1).split(",")) {
            try {
                if (!role.isBlank()) {
                    roles.add(Role.valueOf(role.strip().toUpperCase(Locale.ROOT)));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return validName(name) ? Optional.of(new User(name, text.substring(eq + 1, semi).strip(), roles))
                : Optional.empty();
    }

    /** Adds or replaces one person, writing the file atomically and readable by its owner only. */
    public static void put(Path file, User user) throws IOException {
        if (!validName(user.name())) {
            throw new IllegalArgumentException("a user name is letters, digits and . _ @ - (at most 128)");
        }
        Map<String, User> users = read(file);
        users.put(user.name(), user);
        List<String> lines = new ArrayList<>();
        lines.add("# HAR Warden users for HTTP Basic sign-in (not for production): name = hash ; roles");
        for (User u : users.values()) {
            lines.add(u.name() + " = " + u.passwordHash() + " ; " + String.join(",", u.roles().stream()
                    .map(Role::label).toList()));
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".users-", ".tmp");
        try {
            Files.write(temp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
