package io.harwarden.exception.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.exception.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstRunAdminTest {
    @TempDir
    Path dir;

    @Test
    void aFirstStartMakesAnAdminWhosePasswordOnlyItsOwnerCanRead() throws Exception {
        Path users = dir.resolve("data/users.properties");
        Path password = FirstRunAdmin.createIfNoUsers(users).orElseThrow();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
        String typed = Files.readString(password).strip();
        assertTrue(typed.length() >= 24, "a long generated password");
        UsersFile.User admin = UsersFile.read(users).get("admin");
        assertEquals(EnumSet.allOf(Role.class), admin.roles());
        assertTrue(PasswordHash.matches(typed.toCharArray(), admin.passwordHash()));
        assertTrue(!Files.readString(users).contains(typed), "the users file holds only the hash");
    }

    @Test
    void anExistingUsersFileIsLeftAlone() throws Exception {
        Path users = dir.resolve("users.properties");
        UsersFile.put(users, new UsersFile.User("carol", PasswordHash.hash("x".toCharArray()), EnumSet.of(
                Role.REQUESTER)));
        String before = Files.readString(users);
        assertEquals(Optional.empty(), FirstRunAdmin.createIfNoUsers(users));
        assertEquals(before, Files.readString(users));
        assertTrue(Files.notExists(dir.resolve(FirstRunAdmin.PASSWORD_FILE)));
    }
}
