package io.harwarden.har.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.har.Category;
import io.harwarden.har.NameList;
import io.harwarden.har.SanitizerPolicy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {
    private final NameRules rules = new NameRules(SanitizerPolicy.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "AUTHORIZATION", "Proxy-Authorization", "X-API-Key",
            "x-api-key", "X-Auth-Token", "X-CSRF-Token", "x-xsrf-token", "X-Amz-Security-Token",
            "Ocp-Apim-Subscription-Key", "X-Goog-Api-Key", "X-Session-Id", "X-Client-Secret", "X-Signature",
            "X-Hub-Signature-256", "X-Password", "X-Functions-Key", "X-Shopify-Access-Token", "apikey"})
    void credentialHeadersAreRedacted(String name) {
        assertTrue(rules.header(name).isPresent(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Trackingid", "TrackingID", "X-Request-Id", "x-correlation-id", "traceparent",
            "tracestate", "Sec-WebSocket-Key", "Sec-WebSocket-Accept", "Content-Security-Policy",
            "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "WWW-Authenticate", ":authority",
            "Content-Type", "User-Agent", "Accept", "Cache-Control", "Keep-Alive", "cf-ray", "X-Amzn-Trace-Id",
            "Author", "X-Goog-AuthUser"})
    void troubleshootingHeadersAreKept(String name) {
        assertEquals(Optional.empty(), rules.header(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token", "id_token", "refresh_token", "code", "token", "api_key", "apiKey", "key",
            "password", "secret", "client_secret", "sig", "signature", "X-Amz-Signature", "X-Amz-Credential",
            "X-Amz-Security-Token", "SAMLRequest", "SAMLResponse", "assertion", "client_assertion", "jsessionid",
            "sessionid", "sid", "PHPSESSID", "code_verifier", "auth", "ticket", "otp", "pin"})
    void secretParametersAreRedacted(String name) {
        assertTrue(rules.param(name).isPresent(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"state", "page", "q", "client_id", "redirect_uri", "response_type", "scope", "nonce",
            "code_challenge", "code_challenge_method", "grant_type", "file", "RelayState", "utm_source", "id",
            "token_type", "Key-Pair-Id", "Policy", "lang"})
    void ordinaryParametersAreKept(String name) {
        assertEquals(Optional.empty(), rules.param(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "newPassword", "user_password", "passwd", "pwd", "secret", "clientSecret",
            "accessToken", "access_token", "refreshToken", "idToken", "id_token_hint", "apiKey", "api_key",
            "privateKey", "private_key", "sessionId", "session", "csrfToken", "_csrf", "authenticity_token", "otp",
            "mfa_code", "verificationCode", "credentials", "AccountKey", "cookie", "jwt", "signature"})
    void secretBodyKeysAreRedacted(String name) {
        assertTrue(rules.bodyKey(name).isPresent(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"code", "key", "error_code", "statusCode", "token_type", "tokenType", "expires_in",
            "token_expires_in", "signatureAlgorithm", "keyExchange", "publicKey", "keyId", "email", "username",
            "id", "state", "name", "value", "password_policy", "secretary", "tokenizer", "author", "authority"})
    void ordinaryBodyKeysAreKept(String name) {
        assertEquals(Optional.empty(), rules.bodyKey(name), name);
    }

    @Test
    void categoriesFollowTheName() {
        assertEquals(Optional.of(Category.PASSWORD), rules.bodyKey("password"));
        assertEquals(Optional.of(Category.TOKEN), rules.bodyKey("refreshToken"));
        assertEquals(Optional.of(Category.API_KEY), rules.header("x-api-key"));
        assertEquals(Optional.of(Category.AUTH), rules.header("Authorization"));
        assertEquals(Optional.of(Category.OAUTH_CODE), rules.param("code"));
        assertEquals(Optional.of(Category.SIGNATURE), rules.param("X-Amz-Signature"));
        assertEquals(Optional.of(Category.SAML), rules.param("SAMLResponse"));
        assertEquals(Optional.of(Category.CSRF), rules.header("X-XSRF-TOKEN"));
    }

    @Test
    void wordsSplitAtSeparatorsAndCamelCase() {
        assertEquals(List.of("x", "api", "key"), NameRules.words("X-API-Key"));
        assertEquals(List.of("access", "token"), NameRules.words("accessToken"));
        assertEquals(List.of("xml", "http", "request"), NameRules.words("XMLHttpRequest"));
        assertEquals(List.of("client", "secret"), NameRules.words("client_secret"));
    }

    @Test
    void policyAddsAndKeepsNames() {
        SanitizerPolicy policy = new SanitizerPolicy(new NameList(Set.of("X-Internal"), Set.of("X-Session-Region")),
                new NameList(Set.of("ssn"), Set.of("code")), new NameList(Set.of("dob"), Set.of("sessionTimeoutName")),
                new NameList(Set.of(), Set.of("theme")), 1_000_000, 100);
        NameRules custom = new NameRules(policy);
        assertTrue(custom.header("x-internal").isPresent());
        assertEquals(Optional.empty(), custom.header("X-Session-Region"));
        assertTrue(custom.param("SSN").isPresent());
        assertEquals(Optional.empty(), custom.param("code"));
        assertTrue(custom.bodyKey("dob").isPresent());
        assertTrue(custom.redactsCookie("sid"));
        assertTrue(!custom.redactsCookie("Theme"));
        assertTrue(policy.version().startsWith(SanitizerPolicy.RULES_VERSION + "+custom."));
        assertEquals(SanitizerPolicy.RULES_VERSION, SanitizerPolicy.defaults().version());
    }
}
