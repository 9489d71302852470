package io.harwarden.casestore.redmine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * WireMock on a free port in front of the real Redmine: everything is passed through unless a test adds a fault for
 * some requests, which is how the suite gets the timeouts, resets and bursts a real server will not produce on
 * demand. The daemon is pointed at the proxy.
 */
public final class RedmineFaultProxy implements QuarkusTestResourceLifecycleManager {
    private static volatile WireMockServer server;

    /** The running proxy, for the test to add faults to and to read its request journal. */
    static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        passEverythingThrough();
        return Map.of("harwarden.store.redmine.url", server.baseUrl());
    }

    /** Forgets the faults, scenarios and request journal of earlier tests: everything passes through again. */
    static void passEverythingThrough() {
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(RedmineServer.URL)));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
