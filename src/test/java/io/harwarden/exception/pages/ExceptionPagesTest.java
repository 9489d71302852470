package io.harwarden.exception.pages;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.exception.ProcessedCases;
import io.harwarden.exception.Role;
import io.harwarden.exception.signin.PasswordHash;
import io.harwarden.exception.signin.UsersFile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exception pages on the running daemon, as a browser without JavaScript uses them: form sign-in, a case's files,
 * a request for two entries, the approvals queue, a refused self-approval, a denial without a comment, CSRF tokens,
 * escaping, the security headers and the Japanese pages.
 */
@QuarkusTest
class ExceptionPagesTest {
    private static final Path USERS = Path.of("target/test-data/users.properties");
    private static final String PASSWORD = "page password for tests";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @BeforeAll
    static void users() throws Exception {
        for (var user : Map.of("pia", Set.of(Role.REQUESTER, Role.APPROVER), "paul", Set.of(Role.APPROVER),
                "pat", Set.of(Role.AUDITOR)).entrySet()) {
            UsersFile.put(USERS, new UsersFile.User(user.getKey(), PasswordHash.hash(PASSWORD.toCharArray()),
                    user.getValue()));
        }
    }

    /** A signed-in browser: the session cookie, and the CSRF cookie with the token of the last page read. */
    private static final class Browser {
        final String session;
        String csrfCookie;
        String token;

        Browser(String user) {
            Response signedIn = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                    .formParam("j_username", user).formParam("j_password", PASSWORD).post("/j_security_check");
            session = signedIn.getCookie("quarkus-credential");
            assertNotNull(session, "signed in as " + user + ": " + signedIn.statusCode());
            String cookie = signedIn.getHeaders().getValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("quarkus-credential=")).findFirst().orElseThrow();
            assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly")
                    && cookie.contains("SameSite=Strict"), cookie);
        }

        String page(String path) {
            return page(path, "en");
        }

        String page(String path, String language) {
            Response r = given().redirects().follow(false).cookie("quarkus-credential", session)
                    .header("Accept-Language", language).get(path);
            assertEquals(200, r.statusCode(), path + ": " + r.asString());
            assertTrue(r.getHeader("Content-Security-Policy").contains("default-src 'none'"));
            assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
            String html = r.asString();
            if (r.getCookie("harwarden-csrf") != null) {
                csrfCookie = r.getCookie("harwarden-csrf");
            }
            Matcher m = CSRF.matcher(html);
            token = m.find() ? m.group(1) : null;
            return html;
        }

        /** A post whose token is not the one of this browser's CSRF cookie (another user's page, a guess). */
        Response forged(String path, Map<String, ?> form) {
            return form(form).cookie("harwarden-csrf", csrfCookie).formParam("csrf-token", "AAAAAAAAAAAAAAAAAAAAAA")
                    .post(path);
        }

        Response post(String path, Map<String, ?> form, boolean withToken) {
            var spec = form(form);
            if (withToken) {
                spec = spec.cookie("harwarden-csrf", csrfCookie).formParam("csrf-token", token);
            }
            return spec.post(path);
        }

        /** This browser's session posting {@code form}; a list is the field repeated, as ticked boxes are sent. */
        private io.restassured.specification.RequestSpecification form(Map<String, ?> form) {
            var spec = given().redirects().follow(false).cookie("quarkus-credential", session)
                    .contentType("application/x-www-form-urlencoded");
            for (var field : form.entrySet()) {
                spec = field.getValue() instanceof java.util.List<?> values
                        ? spec.formParam(field.getKey(), values.toArray())
                        : spec.formParam(field.getKey(), field.getValue());
            }
            return spec;
        }
    }

    private static String processedCase() throws Exception {
        return ProcessedCases.processed("PAGES").getFileName().toString();
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefusedSignInIncluded() {
        for (String path : java.util.List.of("/j_security_check", "/j_%73ecurity_check", "/./j_security_check")) {
            for (var from : Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site").entrySet()) {
                Response r = given().redirects().follow(false).urlEncodingEnabled(false)
                        .header(from.getKey(), from.getValue()).contentType("application/x-www-form-urlencoded")
                        .body("j_username=pia&j_password=" + PASSWORD.replace(' ', '+')).post(path);
                assertEquals(403, r.statusCode(), path + " " + from);
                assertEquals(null, r.getCookie("quarkus-credential"), "no session made");
            }
        }
        Response api = given().redirects().follow(false).auth().preemptive().basic("paul", PASSWORD)
                .header("Sec-Fetch-Site", "same-site").contentType("application/json").body("{\"comment\":\"ok\"}")
                .post("/api/exceptions/r-1/approve");
        assertEquals(403, api.statusCode(), "the API's calls too, from a sibling site");
        assertEquals(403, given().redirects().follow(false).auth().preemptive().basic("pia", PASSWORD)
                .header("Sec-Fetch-Site", "cross-site").get("/api/exceptions/r-1/release").statusCode(),
                "and the one-time release, though a GET");
        Response same = given().redirects().follow(false).header("Sec-Fetch-Site", "same-origin")
                .header("Origin", io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port)
                .contentType("application/x-www-form-urlencoded").formParam("j_username", "pia")
                .formParam("j_password", PASSWORD).post("/j_security_check");
        assertNotNull(same.getCookie("quarkus-credential"), "the pages' own form signs in: " + same.statusCode() + " "
                + same.asString());
    }

    @Test
    void aPageWithoutASessionSendsToSignInAndAWrongPasswordSaysSo() {
        Response r = given().redirects().follow(false).get("/exceptions/mine");
        assertEquals(303, r.statusCode());
        assertTrue(r.getHeader("Location").endsWith("/login"), r.getHeader("Location"));
        Response wrong = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "pia").formParam("j_password", "wrong").post("/j_security_check");
        assertTrue(String.valueOf(wrong.getHeader("Location")).contains("/login?error"), wrong.statusCode() + " "
                + wrong.getHeaders() + wrong.asString());
        assertTrue(given().get("/login?error=1").asString().contains("The user name or the password is wrong."));
    }

    @Test
    void aRequestForTwoEntriesIsFiledDecidedAndShownEscaped() throws Exception {
        String caseId = processedCase();
        Browser pia = new Browser("pia");
        String files = pia.page("/exceptions?case=" + caseId);
        assertTrue(files.contains("session.har"), files);
        Matcher ask = Pattern.compile("href=\"/exceptions/new\\?case=[^&]+&amp;job=([^\"]+)\"").matcher(files);
        assertTrue(ask.find(), files);
        String job = ask.group(1);

        String form = pia.page("/exceptions/new?case=" + caseId + "&job=" + job + "&status=3");
        assertTrue(form.contains("name=\"entries\""), form);
        assertNotNull(pia.token, "the form carries a CSRF token");
        Map<String, Object> request = Map.of("caseId", caseId, "jobId", job, "scope", "entries",
                "entries", java.util.List.of(1, 2), "requesterKey", Files.readString(Path.of(
                        "keys-example/demo-public.asc")),
                "justification", "Ticket 4711 <script>alert(1)</script>: the login call fails, we need it");
        Response noToken = pia.post("/exceptions/new", request, false);
        assertEquals(400, noToken.statusCode(), "no CSRF token, no request: " + noToken.asString());
        Response filed = pia.post("/exceptions/new", request, true);
        assertEquals(303, filed.statusCode(), filed.asString() + " cookie " + pia.csrfCookie + " token " + pia.token);
        String mine = pia.page(filed.getHeader("Location").replaceFirst("^https?://[^/]+", ""));
        assertTrue(mine.contains("was filed"), mine);
        String id = filed.getHeader("Location").replaceFirst(".*created=", "");

        String ownQueue = pia.page("/exceptions/approvals");
        assertFalse(ownQueue.contains("id=\"approve-" + id + "\""), "nobody is offered their own request");
        Response self = pia.post("/exceptions/" + id + "/approve", Map.of("comment", "mine"), true);
        assertEquals(403, self.statusCode());
        assertTrue(self.asString().contains("own request"), self.asString());

        Browser paul = new Browser("paul");
        String queue = paul.page("/exceptions/approvals");
        assertTrue(queue.contains("id=\"approve-" + id + "\""), queue);
        assertTrue(queue.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the justification is text");
        assertFalse(queue.contains("<script>alert(1)"));
        Response bare = paul.post("/exceptions/" + id + "/deny", Map.of("comment", ""), true);
        assertEquals(400, bare.statusCode());
        assertTrue(bare.asString().contains("say why you deny"), bare.asString());
        Browser pat = new Browser("pat");
        pat.page("/exceptions/audit");
        Response auditor = pat.post("/exceptions/" + id + "/approve", Map.of("comment", "ok"), true);
        assertEquals(403, auditor.statusCode(), "an auditor decides nothing");
        for (String action : java.util.List.of("approve", "deny")) {
            assertEquals(400, paul.forged("/exceptions/" + id + "/" + action, Map.of("comment", "forged"))
                    .statusCode(), action + " with a wrong CSRF token");
        }
        Response approved = paul.post("/exceptions/" + id + "/approve", Map.of("comment", "ok"), true);
        assertEquals(303, approved.statusCode(), approved.asString());
        assertTrue(pia.page("/exceptions/mine").contains("id=\"download-" + id + "\""), "the one-time download");
        Response theft = paul.post("/exceptions/" + id + "/download", Map.of(), true);
        assertEquals(403, theft.statusCode(), "only the requester downloads: " + theft.asString());
        assertEquals(400, pia.forged("/exceptions/" + id + "/download", Map.of()).statusCode(), "a forged download");
        Response download = pia.post("/exceptions/" + id + "/download", Map.of(), true);
        assertEquals(200, download.statusCode());
        assertEquals("application/pgp-encrypted", download.getContentType());
        assertTrue(download.asByteArray().length > 100);
        Response again = pia.post("/exceptions/" + id + "/download", Map.of(), true);
        assertEquals(410, again.statusCode(), "once only");
        assertTrue(again.asString().contains("class=\"error\""), again.asString());
        Response out = pia.post("/logout", Map.of(), true);
        assertTrue(out.getHeaders().getValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("quarkus-credential=;") && c.contains("Max-Age=0")), out.getHeaders()
                .toString());

        String japanese = paul.page("/exceptions/audit", "ja,en;q=0.5");
        assertTrue(japanese.contains("lang=\"ja\"") && japanese.contains("監査ログ"), japanese);
    }
}
