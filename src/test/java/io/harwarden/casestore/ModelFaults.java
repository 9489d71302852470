package io.harwarden.casestore;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Faults a stateful case-system model answers with instead of serving a request: the next N on a path. */
public final class ModelFaults {
    private record Fault(String method, Pattern path, int status, String contentType, String body,
            String retryAfter) {
    }

    private final List<Fault> faults = new ArrayList<>();

    /** The next {@code times} requests of {@code method} on a path matching {@code path} fail so. */
    public synchronized void add(String method, String path, int times, int status, String contentType, String body,
            String retryAfter) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(method, Pattern.compile(path), status, contentType, body, retryAfter));
        }
    }

    /** The answer of the first fault for this request (used up), or null to serve it. */
    public synchronized ResponseDefinition take(String method, String path) {
        for (Fault fault : faults) {
            if (fault.method().equals(method) && fault.path().matcher(path).matches()) {
                faults.remove(fault);
                ResponseDefinitionBuilder failed = aResponse().withStatus(fault.status())
                        .withHeader("Content-Type", fault.contentType()).withBody(fault.body());
                return (fault.retryAfter() == null ? failed : failed.withHeader("Retry-After", fault.retryAfter()))
                        .build();
            }
        }
        return null;
    }
}
