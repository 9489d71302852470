package io.harwarden.exception;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The exception workflow: approvals, windows, limits, and who can decrypt originals. */
@ConfigMapping(prefix = "harwarden.exceptions")
public interface ExceptionConfig {
    /** The longest a pending request may wait, whatever is configured. */
    Duration MAX_PENDING = Duration.ofHours(72);
    /** The longest a grant may stay usable, whatever is configured. */
    Duration MAX_GRANT = Duration.ofHours(24);

    /** Approvals by people other than the requester needed to release marker values. */
    @WithDefault("1")
    int markerApprovals();

    /** Approvals needed to release chosen entries. */
    @WithDefault("1")
    int entryApprovals();

    /** Approvals needed to release a whole original. */
    @WithDefault("2")
    int fileApprovals();

    /** How long a request waits for its approvals before it expires (at most 72h). */
    @WithDefault("24h")
    Duration pendingTtl();

    /** How long an approved request can be downloaded, once (at most 24h). */
    @WithDefault("1h")
    Duration grantTtl();

    /** The fewest characters a justification may have. */
    @WithDefault("30")
    int minJustification();

    /** New requests one person may make per hour. */
    @WithDefault("10")
    int requestsPerHour();

    /**
     * The custodian's private key file that opens originals for releases; without it, approved requests are released
     * by a key custodian with the CLI ({@code decrypt --entries/--markers --to-recipient}).
     */
    Optional<Path> custodianKey();

    /** A file holding the custodian key's passphrase (or set HARWARDEN_CUSTODIAN_PASSPHRASE). */
    Optional<Path> custodianPassphraseFile();

    /** A folder of requesters' public keys, {@code <user>.asc}, used when a request gives no key. */
    Optional<Path> requesterKeys();

    /**
     * Whether a requester may download a release as plaintext ({@code ?plaintext=true}) instead of encrypted to their
     * key; off by default. Only behind TLS, and only where people have no OpenPGP tooling.
     */
    @WithDefault("false")
    boolean plaintextDownload();

    /** The file of users, password hashes and roles for HTTP Basic sign-in (not for production: use OIDC). */
    @WithDefault("data/users.properties")
    Path usersFile();

    /**
     * Whether a first start without a users file creates one with an {@code admin} holding every role, its generated
     * password written once to {@code first-run-admin-password.txt} beside the users file (never to the log).
     */
    @WithDefault("true")
    boolean firstRunAdmin();

    default ExceptionPolicy policy() {
        if (markerApprovals() < 1 || entryApprovals() < 1 || fileApprovals() < 1) {
            throw new IllegalArgumentException("harwarden.exceptions: every scope needs at least one approval");
        }
        if (pendingTtl().compareTo(MAX_PENDING) > 0 || grantTtl().compareTo(MAX_GRANT) > 0
                || pendingTtl().isNegative() || grantTtl().isNegative()) {
            throw new IllegalArgumentException("harwarden.exceptions: pending-ttl at most 72h, grant-ttl at most 24h");
        }
        return new ExceptionPolicy(markerApprovals(), entryApprovals(), fileApprovals(), pendingTtl(), grantTtl(),
                minJustification(), requestsPerHour());
    }
}
