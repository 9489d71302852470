package io.harwarden.exception;

import java.time.Instant;

/** One approver's final word on a request. */
public record Decision(String approver, boolean approved, String comment, Instant at) {
}
