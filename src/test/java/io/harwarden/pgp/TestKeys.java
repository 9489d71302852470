package io.harwarden.pgp;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The key fixtures in src/test/resources/keys, made with GnuPG 2.2 (passphrase in passphrase.txt). */
final class TestKeys {
    static final char[] PASSPHRASE = "test-passphrase".toCharArray();

    private TestKeys() {
    }

    static Path file(String name) {
        try {
            return Path.of(TestKeys.class.getResource("/keys/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Recipient> recipients(String... names) throws Exception {
        List<Recipient> all = new java.util.ArrayList<>();
        for (String name : names) {
            all.addAll(RecipientKeys.load(file(name)));
        }
        return all;
    }

    static SecretKeys secret(String name) throws Exception {
        return SecretKeys.load(file(name), PASSPHRASE);
    }
}
