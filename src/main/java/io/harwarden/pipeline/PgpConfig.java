package io.harwarden.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** How originals are encrypted before they go back on the case. */
@ConfigMapping(prefix = "harwarden.pgp")
public interface PgpConfig {

    /** Recipient public key files (armored or binary; comma-separated). The default is the DEMO key: replace it. */
    @WithDefault("keys-example/demo-public.asc")
    List<String> recipients();

    /**
     * Whether the committed DEMO key may protect originals. Unset: only in the embedded demo (the folder store and the
     * embedded database); the container image sets it to false.
     */
    Optional<Boolean> allowDemoKey();

    /** ASCII-armor the encrypted originals instead of writing binary OpenPGP. */
    @WithDefault("false")
    boolean armor();

    /** ZLIB level for the encrypted originals, 0 for none (the default: see the README's measurements). */
    @WithDefault("0")
    int compressionLevel();

    /** Use RFC 9580 (v6, AEAD) messages; GnuPG 2.2 cannot read them, so only when every custodian's tool can. */
    @WithDefault("false")
    boolean aead();
}
