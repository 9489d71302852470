package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptorProducerTest {
    @Test
    void theDemoKeyIsTheDefaultAndLoads() {
        var recipients = EncryptorProducer.recipients(List.of("keys-example/demo-public.asc"));
        assertEquals(1, recipients.size());
        assertTrue(recipients.get(0).userId().contains("DEMO ONLY"));
    }

    @Test
    void aRejectedKeyStopsTheStartWithItsReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EncryptorProducer.recipients(List.of("keys-example/demo-public.asc",
                        "src/test/resources/keys/revoked-public.asc")));
        assertTrue(e.getMessage().startsWith("harwarden.pgp.recipients: key "), e.getMessage());
        assertTrue(e.getMessage().contains("revoked-public.asc rejected: the key is revoked"), e.getMessage());
    }
}
