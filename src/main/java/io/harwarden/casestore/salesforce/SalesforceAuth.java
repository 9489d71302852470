package io.harwarden.casestore.salesforce;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.http.HttpCalls;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How HAR Warden signs in to Salesforce: an OAuth 2.0 access token from the org's {@code /services/oauth2/token}, by
 * the client-credentials flow (a connected app's run-as user) or the JWT bearer flow (an assertion signed with the
 * app's private key). Neither flow gives a refresh token: a 401 on a call fetches a new token once. The token answer
 * names the instance the API calls go to and the integration user's id. Nothing here is ever logged.
 */
abstract sealed class SalesforceAuth {
    /** How long a JWT bearer assertion is valid: Salesforce asks for "a few minutes". */
    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(3);

    /**
     * A signed-in session.
     *
     * @param access the bearer token
     * @param instance the org's API host ({@code instance_url}), with a trailing slash
     * @param userId the integration user's id (the last part of the answer's identity URL)
     */
    record Token(String access, URI instance, String userId) {
        @Override
        public String toString() { // never the token, should a record be printed
            return "Token[" + instance + ", " + userId + "]";
        }
    }

    private final URI home;
    private final HttpCalls calls;
    private Token token;

    private SalesforceAuth(URI home, HttpCalls calls) {
        this.home = home;
        this.calls = calls;
    }

    static SalesforceAuth clientCredentials(URI home, HttpCalls calls, String clientId, String clientSecret) {
        return new ClientCredentials(home, calls, clientId, clientSecret);
    }

    static SalesforceAuth jwtBearer(URI home, HttpCalls calls, String clientId, String username, String audience,
            PrivateKey key, Clock clock) {
        return new JwtBearer(home, calls, clientId, username, audience, key, clock);
    }

    /** The session to use, signing in first when there is none. */
    synchronized Token token() throws CaseStoreException {
        if (token == null) {
            token = signIn();
        }
        return token;
    }

    /** {@code stale} was refused (401): the next {@link #token()} signs in again, unless another call did already. */
    synchronized void expired(Token stale) {
        if (token == stale) {
            token = null;
        }
    }

    /** The grant's form fields. */
    abstract Map<String, String> grant() throws CaseStoreException;

    /** The settings a refusal of the grant points to. */
    abstract String settings();

    private Token signIn() throws CaseStoreException {
        String what = "get an OAuth token from Salesforce";
        HttpResponse<InputStream> response = calls.postForm(home.resolve("services/oauth2/token"), grant(), what);
        if (response.statusCode() == 400 || response.statusCode() == 401) {
            String code;
            try { // error codes are Salesforce's fixed words (invalid_grant, invalid_client): safe to show
                code = calls.readJson(response, what).path("error").asText("").replaceAll("[^a-z_]", "");
            } catch (CaseStoreException.Transient notJson) {
                code = ""; // a proxy's page: the status says enough
            }
            throw new CaseStoreException.Permanent("cannot " + what + ": Salesforce refused the grant ("
                    + response.statusCode() + (code.isEmpty() ? "" : ", " + code) + "); check " + settings());
        }
        JsonNode answer = calls.readJson(calls.check(response, what, b -> List.of(), settings()), what);
        String access = answer.path("access_token").asText("");
        URI instance;
        try {
            instance = URI.create(answer.path("instance_url").asText(""));
        } catch (IllegalArgumentException e) {
            instance = URI.create("");
        }
        if (access.isEmpty() || instance.getHost() == null) {
            throw new CaseStoreException.Transient("cannot " + what + ": the answer named no token or instance",
                    null);
        }
        if (!"https".equals(instance.getScheme()) && !HttpCalls.sameOrigin(home, instance)) {
            throw new CaseStoreException.Permanent("cannot " + what + ": Salesforce named an instance that is not "
                    + "https (" + instance.getHost() + "); the token goes over https only");
        }
        String id = answer.path("id").asText("");
        String userId = id.substring(id.lastIndexOf('/') + 1);
        if (!userId.matches("005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?")) {
            throw new CaseStoreException.Transient("cannot " + what + ": the answer named no user", null);
        }
        String base = instance.toString();
        return new Token(access, URI.create(base.endsWith("/") ? base : base + "/"), userId);
    }

    /** The client-credentials flow: the connected app's id and secret, the app's run-as user. */
    private static final class ClientCredentials extends SalesforceAuth {
        private final String clientId;
        private final String clientSecret;

        ClientCredentials(URI home, HttpCalls calls, String clientId, String clientSecret) {
            super(home, calls);
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        @Override
        Map<String, String> grant() {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
            return form;
        }

        @Override
        String settings() {
            return "harwarden.store.salesforce.client-id and client-secret, and that the connected app allows the "
                    + "client credentials flow with a run-as user";
        }
    }

    /** The JWT bearer flow: an RS256 assertion by the connected app's key for a pre-authorised user. */
    private static final class JwtBearer extends SalesforceAuth {
        private final String clientId;
        private final String username;
        private final String audience;
        private final PrivateKey key;
        private final Clock clock;

        JwtBearer(URI home, HttpCalls calls, String clientId, String username, String audience, PrivateKey key,
                Clock clock) {
            super(home, calls);
            this.clientId = clientId;
            this.username = username;
            this.audience = audience;
            this.key = key;
            this.clock = clock;
        }

        @Override
        Map<String, String> grant() throws CaseStoreException {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
            form.put("assertion", assertion());
            return form;
        }

        /** {@code header.claims.signature}, each base64url without padding. */
        String assertion() throws CaseStoreException {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
            String claims = b64.encodeToString(("{\"iss\":" + quoted(clientId) + ",\"sub\":" + quoted(username)
                    + ",\"aud\":" + quoted(audience) + ",\"exp\":" + clock.instant().plus(ASSERTION_LIFETIME)
                            .getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
            try {
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initSign(key);
                rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
                return header + "." + claims + "." + b64.encodeToString(rs256.sign());
            } catch (GeneralSecurityException e) {
                throw new CaseStoreException.Permanent("cannot sign the JWT bearer assertion with "
                        + "harwarden.store.salesforce.private-key-file: " + e.getClass().getSimpleName());
            }
        }

        private static String quoted(String text) {
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
        }

        @Override
        String settings() {
            return "harwarden.store.salesforce.client-id, username, private-key-file and audience, and that the user "
                    + "is pre-authorised on the connected app";
        }
    }
}
