package io.harwarden.exception;

import java.util.List;

/**
 * What a requester asks for.
 *
 * @param requesterKey the requester's armored OpenPGP public key, or null to use the one registered for them
 */
public record NewRequest(String caseId, String jobId, String justification, Scope scope, List<String> markers,
        List<Integer> entries, String trackingId, String requesterKey) {
    public NewRequest {
        markers = markers == null ? List.of() : List.copyOf(markers);
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
