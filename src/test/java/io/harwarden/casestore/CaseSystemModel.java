package io.harwarden.casestore;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * What the stateful models of the case systems share: WireMock sends every request to the model, which answers with
 * an injected fault first ({@link #fail}) and otherwise from its state ({@link #serve}), one request at a time.
 */
public abstract class CaseSystemModel implements ResponseDefinitionTransformerV2 {
    private final String name;
    private final ModelFaults faults = new ModelFaults();

    protected CaseSystemModel(String name) {
        this.name = name;
    }

    /** Routes every request on {@code server} to this model. */
    public void serveOn(WireMockExtension server) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(getName())));
    }

    private void serveOn(WireMockServer server) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(getName())));
    }

    /** A server of its own on a free port, started, every request routed to this model (for a daemon's profile). */
    public WireMockServer newServer() {
        WireMockServer server = new WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration
                .wireMockConfig().dynamicPort().extensions(this));
        server.start();
        serveOn(server);
        return server;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** The next {@code times} requests of {@code method} on a path matching {@code path} fail so. */
    public void fail(String method, String path, int times, int status, String contentType, String body,
            String retryAfter) {
        faults.add(method, path, times, status, contentType, body, retryAfter);
    }

    @Override
    public final synchronized ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String path = request.getUrl().split("\\?", 2)[0];
        String method = request.getMethod().getName();
        ResponseDefinition fault = faults.take(method, path);
        return fault != null ? fault : serve(request, method, path);
    }

    /** The system's answer to a request from the model's state ({@code path} without the query). */
    protected abstract ResponseDefinition serve(Request request, String method, String path);
}
