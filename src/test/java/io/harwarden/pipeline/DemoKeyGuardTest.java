package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.pgp.Recipient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoKeyGuardTest {
    private static final List<Recipient> DEMO = EncryptorProducer.recipients(List.of("keys-example/demo-public.asc"));
    private static final List<Recipient> REAL = EncryptorProducer.recipients(List.of(
            "src/test/resources/keys/x25519-public.asc"));

    @Test
    void theDemoKeyIsTheCommittedOne() {
        assertEquals(DemoKeyGuard.DEMO_FINGERPRINT, DEMO.get(0).fingerprint());
    }

    @Test
    void theEmbeddedDemoRunsOnTheDemoKey() {
        assertDoesNotThrow(() -> DemoKeyGuard.check(DEMO, Optional.empty(), "filesystem", false));
    }

    @Test
    void aRealCaseSystemADatabaseServerOrTheContainerRefuseItInOneLine() {
        for (Runnable start : List.<Runnable>of(
                () -> DemoKeyGuard.check(DEMO, Optional.empty(), "redmine", false),
                () -> DemoKeyGuard.check(DEMO, Optional.empty(), "filesystem", true),
                () -> DemoKeyGuard.check(DEMO, Optional.of(false), "filesystem", false))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, start::run);
            assertTrue(e.getMessage().contains("HARWARDEN_PGP_RECIPIENTS"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    @Test
    void aRealKeyRunsAnywhereAndTheDemoKeyWhereASettingSaysSo() {
        assertDoesNotThrow(() -> DemoKeyGuard.check(REAL, Optional.of(false), "redmine", true));
        assertDoesNotThrow(() -> DemoKeyGuard.check(DEMO, Optional.of(true), "redmine", true));
    }
}
