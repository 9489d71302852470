package io.harwarden.exception;

import java.util.Set;

/** Who is asking, as sign-in established it. */
public record Caller(String name, Set<Role> roles) {
    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
