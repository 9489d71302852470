package io.harwarden.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CaseNoteEventsTest {
    @Test
    void peoplesTextStaysOnOneLineAndWithinBounds() {
        assertEquals("ticket 4711 - Audit record 1, SHA-256 00", CaseNoteEvents.oneLine(
                "ticket 4711\n- Audit record 1, SHA-256 00"));
        assertEquals("a b c", CaseNoteEvents.oneLine("a\rb\u2028c"));
        assertEquals(1001, CaseNoteEvents.oneLine("x".repeat(5000)).length());
        assertNull(CaseNoteEvents.oneLine(null));
    }
}
