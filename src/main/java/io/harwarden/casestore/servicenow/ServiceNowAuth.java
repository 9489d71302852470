package io.harwarden.casestore.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.http.HttpCalls;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How HAR Warden signs in to ServiceNow: Basic credentials of its integration user, or an OAuth access token from the
 * instance's {@code /oauth_token.do} (password or client-credentials grant), refreshed with the refresh token when the
 * instance answers 401. Nothing here is ever logged.
 */
abstract sealed class ServiceNowAuth {

    /** The Authorization header's value for the next request. */
    abstract String header() throws CaseStoreException;

    /** A 401 came back: true when a new token may mend it (the request is then sent once more). */
    abstract boolean expired();

    static ServiceNowAuth basic(String user, String password) {
        return new Basic("Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** @param user with {@code password}, the password grant; null for the client-credentials grant */
    static ServiceNowAuth oauth(URI base, HttpCalls calls, String clientId, String clientSecret, String user,
            String password) {
        return new OAuth(base.resolve("oauth_token.do"), calls, clientId, clientSecret, user, password);
    }

    private static final class Basic extends ServiceNowAuth {
        private final String header;

        Basic(String header) {
            this.header = header;
        }

        @Override
        String header() {
            return header;
        }

        @Override
        boolean expired() {
            return false;
        }
    }

    private static final class OAuth extends ServiceNowAuth {
        private final URI tokenUrl;
        private final HttpCalls calls;
        private final String clientId;
        private final String clientSecret;
        private final String user;
        private final String password;
        private String access;
        private String refresh;

        OAuth(URI tokenUrl, HttpCalls calls, String clientId, String clientSecret, String user, String password) {
            this.tokenUrl = tokenUrl;
            this.calls = calls;
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.user = user;
            this.password = password;
        }

        @Override
        synchronized String header() throws CaseStoreException {
            if (access == null) {
                access = token();
            }
            return "Bearer " + access;
        }

        @Override
        synchronized boolean expired() {
            access = null;
            return true;
        }

        /** A new access token: by the refresh token when there is one that still works, else by the grant. */
        private String token() throws CaseStoreException {
            if (refresh != null) {
                try {
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("grant_type", "refresh_token");
                    form.put("refresh_token", refresh);
                    return grant(form);
                } catch (CaseStoreException.Permanent refreshRefused) {
                    refresh = null; // it expired too: the grant itself
                }
            }
            Map<String, String> form = new LinkedHashMap<>();
            if (user != null) {
                form.put("grant_type", "password");
                form.put("username", user);
                form.put("password", password);
            } else {
                form.put("grant_type", "client_credentials");
            }
            return grant(form);
        }

        private String grant(Map<String, String> fields) throws CaseStoreException {
            Map<String, String> form = new LinkedHashMap<>(fields);
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
            String what = "get an OAuth token from ServiceNow";
            HttpResponse<InputStream> response = calls.postForm(tokenUrl, form, what);
            if (response.statusCode() == 400 || response.statusCode() == 401) {
                HttpCalls.errorBody(response);
                throw new CaseStoreException.Permanent("cannot " + what + ": ServiceNow refused the OAuth client or "
                        + "its grant (" + response.statusCode() + "); check harwarden.store.servicenow.client-id, "
                        + "client-secret and the user");
            }
            JsonNode answer = calls.readJson(calls.check(response, what, b -> java.util.List.of(), "the OAuth client"),
                    what);
            String token = answer.path("access_token").asText("");
            if (token.isEmpty()) {
                throw new CaseStoreException.Transient("cannot " + what + ": no access token in the answer", null);
            }
            refresh = answer.path("refresh_token").asText(null);
            return token;
        }
    }
}
