package io.harwarden.exception.signin;

import io.harwarden.exception.ExceptionConfig;
import io.harwarden.exception.Role;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * HTTP Basic sign-in against the users file (see {@link UsersFile}), read again when it changes. A password that
 * matched is remembered for five minutes by its SHA-256 (keyed by the stored hash), so each API call does not pay
 * PBKDF2 again. Every failure looks the same to the caller.
 */
@ApplicationScoped
public class UsersIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(UsersIdentityProvider.class);
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    /** A hash to check unknown names against, so that they take as long as a wrong password; made at first use. */
    private static final class Dummy {
        static final String HASH = PasswordHash.hash("not a password".toCharArray());
    }

    private record Verified(byte[] digest, Instant until) {
    }

    private final Path file;
    private final boolean firstRunAdmin;
    /** With OIDC on, people sign in with their organisation's accounts: no first-run admin is made. */
    private final boolean oidc;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile Map<String, UsersFile.User> users = Map.of();
    private volatile Instant readAt = Instant.EPOCH;

    UsersIdentityProvider(ExceptionConfig config,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc) {
        this.file = config.usersFile();
        this.firstRunAdmin = config.firstRunAdmin();
        this.oidc = oidc;
    }

    void warn(@Observes StartupEvent started) {
        if (firstRunAdmin && !oidc) {
            try {
                FirstRunAdmin.createIfNoUsers(file).ifPresent(password -> LOG.warnf("first start: created the user "
                        + "'%s' with every role; its password is in %s (read it, sign in at /login, add people with "
                        + "add-user, then delete the file)", FirstRunAdmin.NAME, password));
            } catch (IOException e) {
                LOG.warnf("cannot create the first-run admin in %s: %s", file, e.getMessage());
            }
        }
        if (Files.exists(file) && !oidc) {
            LOG.warnf("the exception API accepts HTTP Basic sign-in for the users in %s: for trying HAR Warden only, "
                    + "sign in with OIDC in production", file);
        }
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> signIn(request.getUsername(), request.getPassword().getPassword()));
    }

    SecurityIdentity signIn(String name, char[] password) {
        if (oidc) { // the organisation's sign-in (its MFA, its leavers) is the only one; a users file left behind is not
            throw new AuthenticationFailedException();
        }
        UsersFile.User user = current().get(name);
        if (user == null) {
            PasswordHash.matches(password, Dummy.HASH); // the same time as a wrong password
            throw new AuthenticationFailedException();
        }
        byte[] digest = digest(user.passwordHash(), password);
        Verified known = verified.get(name);
        boolean ok = known != null && known.until().isAfter(clock.instant()) && MessageDigest.isEqual(known.digest(),
                digest) || PasswordHash.matches(password, user.passwordHash());
        if (!ok) {
            verified.remove(name);
            throw new AuthenticationFailedException();
        }
        verified.put(name, new Verified(digest, clock.instant().plus(REMEMBER)));
        return identity(user);
    }

    /**
     * A page's session, whose cookie names who signed in: the roles come from the users file as it is now, so a
     * person removed from it (or given other roles) is out (or has them) at their next click.
     */
    SecurityIdentity resume(String name) {
        UsersFile.User user = oidc ? null : current().get(name);
        if (user == null) {
            throw new AuthenticationFailedException();
        }
        return identity(user);
    }

    private static SecurityIdentity identity(UsersFile.User user) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()));
        user.roles().stream().map(Role::label).forEach(identity::addRole);
        return identity.build();
    }

    private Map<String, UsersFile.User> current() {
        try {
            Instant modified = Files.exists(file) ? Files.getLastModifiedTime(file).toInstant() : Instant.EPOCH;
            if (!modified.equals(readAt)) {
                users = UsersFile.read(file);
                readAt = modified;
                verified.clear();
            }
        } catch (IOException e) {
            LOG.warnf("cannot read the users file %s: %s", file, e.getMessage());
        }
        return users;
    }

    private static byte[] digest(String storedHash, char[] password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(storedHash.getBytes(StandardCharsets.UTF_8));
            byte[] bytes = new String(password).getBytes(StandardCharsets.UTF_8);
            byte[] d = sha.digest(bytes);
            Arrays.fill(bytes, (byte) 0);
            return d;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
