package io.harwarden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HarWardenMainTest {
    @Test
    void startFailureReasonIsTheInnermostMessageOnOneLine() {
        Exception wrapped = new RuntimeException("Failed to start quarkus\n\tat somewhere",
                new IllegalStateException("harwarden.pgp.recipients: key X rejected: the key is revoked"));
        assertEquals("harwarden.pgp.recipients: key X rejected: the key is revoked", HarWardenMain.reason(wrapped));
        assertEquals("IllegalStateException", HarWardenMain.reason(new IllegalStateException()));
    }
}
