package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Credentials shown with their keyword in free text: the forms configuration files, shell lines, manifests and
 * connection strings take, as a support engineer pastes them into a ticket or a page echoes them.
 */
class KeywordContextTest {
    private final Fixture fixture = new Fixture();

    private void assertRedacted(String text, String... secrets) {
        String out = fixture.text(text);
        for (String secret : secrets) {
            assertFalse(out.contains(secret), secret + " survived in: " + out);
        }
    }

    @Test
    void assignmentsInEveryCommonSyntax() {
        for (String line : List.of("password = \"Hunter2Secret\"", "password: Hunter2Secret", "\"password\": \"Hunter2Secret\"",
                "'password' => 'Hunter2Secret'", ":password => \"Hunter2Secret\"", "export PASSWORD=Hunter2Secret",
                "PASSWORD=Hunter2Secret\nOTHER=1", "[db]\npassword=Hunter2Secret", "db.password=Hunter2Secret",
                "  password: Hunter2Secret  # yaml")) {
            assertRedacted(line, "Hunter2Secret");
        }
    }

    @Test
    void aPasswordInALineKeepsItsPunctuation() {
        for (String line : List.of("password = Tr0ub&dor;3x,z!", "password: Tr0ub&dor;3x,z!", "[db]\npassword=Tr0ub&dor;3x,z!",
                "export DB_PASSWORD=Tr0ub&dor;3x,z!", "DB_PASSWORD=Tr0ub&dor;3x,z!\nOTHER=1", "see token= Tr0ub&dor;3x,z!")) {
            String out = fixture.text(line);
            assertFalse(out.contains("dor"), line + " left part of the password: " + out);
        }
    }

    @Test
    void aQueryStringStillEndsAValueAtItsSeparators() {
        String out = fixture.text("https://example.com/cb?password=QueryPass55&user=bob&x=1");
        assertFalse(out.contains("QueryPass55"), out);
        assertTrue(out.contains("&user=bob&x=1"), out);
        out = fixture.text("password=FormPass66&user=bob");
        assertFalse(out.contains("FormPass66"), out);
        assertTrue(out.contains("&user=bob"), out);
    }

    /** A scheme word before the credential ("FlyV1 fm2_…") is not the whole value: the token after it goes too. */
    @Test
    void aCredentialAfterASchemeWordUnderAKeywordGoesWithIt() {
        assertRedacted("fly_api_token: FlyV1 fm2_lJPECAAAAAAAAMTwxBBQ9dW3x5PgnS2h0EVJlbmRlcnMK", "fm2_lJPECAAAAAAA");
        assertRedacted("api_key = Custom 7f3a9c2e5b1d4f6a8c0e2b4d", "7f3a9c2e5b1d4f6a8c0e2b4d");
        String out = fixture.text("password: hunter2 is not a good one");
        assertTrue(out.contains("is not a good one"), out);
    }

    @Test
    void shellLines() {
        assertRedacted("curl -u admin:CurlPassword9 https://api.example.com/", "CurlPassword9");
        assertRedacted("curl --user 'admin:CurlPassword9' https://api.example.com/", "CurlPassword9");
        assertRedacted("curl -H 'X-Api-Key: HeaderKeyValue77' https://api.example.com/", "HeaderKeyValue77");
        assertRedacted("curl -H \"Authorization: Bearer ShellBearer123456\" x", "ShellBearer123456");
        assertRedacted("curl -H 'Authorization: Bearer 00DTREM0p9dzpba!WbUwtUaCaiw_qd' x", "WbUwtUaCaiw");
        assertRedacted("curl -H 'Authorization: Bearer 610002413915523|n32fg-5bq936hn3do' x", "n32fg-5bq936hn3do");
    }

    @Test
    void connectionStrings() {
        assertRedacted("postgres://app:PgPassword11@db.internal:5432/app", "PgPassword11");
        assertRedacted("mongodb+srv://app:MongoPass22@cluster0.example.net/db?retryWrites=true", "MongoPass22");
        assertRedacted("jdbc:mysql://db:3306/app?user=app&password=JdbcPass33", "JdbcPass33");
        assertRedacted("Server=tcp:db.example.net;Database=app;User ID=app;Password=AdoPass44;", "AdoPass44");
        assertRedacted("{\"url\": \"jdbc:oracle:thin:svc_billing/Kg83THUb9ux@//db-01.example.net:1521/ORCLPDB1\"}",
                "Kg83THUb9ux");
        assertRedacted("SECRET_KEY: django-insecure-v5qp+j-u4i&9kszybj6j-5^u(=lt_!+kf971+gouga&d^o7zd1", "v5qp+j-u4i",
                "kf971+gouga");
        assertRedacted("fly: FlyV1 fm13187161812161393_NxJ6=feTRaZJxHYy4kEE_/htp6E1QE013wwklpv0cV_nrY8", "NxJ6=feTRaZJx");
        assertRedacted("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=AzureAccountKey55==;", "AzureAccountKey55");
    }

    @Test
    void aKubernetesSecretsDataValuesWhateverTheirKeys() {
        String yaml = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: tls
                data:
                  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ
                  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV
                stringData:
                  config.yaml: |
                    endpoint: https://api.example.com
                    apiKey: StringDataKey66
                type: kubernetes.io/tls
                """;
        String out = fixture.text(yaml);
        assertFalse(out.contains("LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV"), out);
        assertFalse(out.contains("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ"), out);
        assertFalse(out.contains("StringDataKey66"), out);
        assertTrue(out.contains("name: tls") && out.contains("type: kubernetes.io/tls"), out);
    }

    @Test
    void privateKeysInEveryFormat() {
        assertRedacted("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUOpenSSHBody\n"
                + "-----END OPENSSH PRIVATE KEY-----", "OpenSSHBody");
        assertRedacted("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBGPGPrivateBody\n-----END PGP PRIVATE KEY BLOCK-----",
                "PGPPrivateBody");
        assertRedacted("""
                PuTTY-User-Key-File-3: ssh-ed25519
                Encryption: none
                Comment: me
                Public-Lines: 2
                AAAAC3NzaC1lZDI1NTE5AAAAIPublicPart
                morePublic
                Private-Lines: 1
                AAAAIPuttyPrivateBody
                Private-MAC: 0a1b2c3dPuttyMac
                """, "PuttyPrivateBody", "PuttyMac");
    }

    /** A version 2 key's private lines once made the re-scan refuse the file: it read the marker and what followed. */
    @Test
    void aPuttyKeyWithManyPrivateLinesOrEscapedLineBreaksIsRedactedAndTheReScanAgrees() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            lines.append("PrivLine").append(i).append("x".repeat(52)).append('\n');
        }
        String v2 = "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 1\nAAAAB3Nza\n"
                + "Private-Lines: 14\n" + lines + "Private-MAC: 4120c852da3e3b0786e61de68514e3420b88ecf7\n";
        for (String text : List.of(v2, "var k = \"" + v2.replace("\n", "\\n") + "\";", v2.replace("\n", "\r\n"))) {
            String out = fixture.text(text);
            assertFalse(out.contains("PrivLine"), out);
            assertFalse(out.contains("4120c852da3e"), out);
            assertTrue(out.contains("Encryption: none"), out);
            assertEquals(out, fixture.text(out), "the re-scan finds nothing more");
        }
        String har = Fixture.har(null, "\"content\":{\"mimeType\":\"text/plain\",\"text\":"
                + Fixture.JSON.valueToTree(v2) + "}");
        assertFalse(Fixture.sanitize(har).json().contains("PrivLine"), "published, with the key redacted");
    }

    @Test
    void webhookUrlsWhosePathIsTheSecret() {
        assertRedacted("post to https://hooks.slack.com/services/T0123ABCD/B0123ABCD/aBcDeFgHiJkLmNoPqRsTuVwX now",
                "aBcDeFgHiJkLmNoPqRsTuVwX");
        String token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrStUvWxYz0123456".substring(0, 68);
        assertRedacted("https://discord.com/api/webhooks/123456789012345678/" + token, "AbCdEfGhIjKlMnOpQrStUvWx");
    }

    @Test
    void aWebhookPathIsACredentialOnAnyHost() {
        assertRedacted("https://rocket.example.net/hooks/aH7V0g5rZ8853xL8o/dvwH4AwSI5LEsJpKS6plVDvk9dueuxJSwVVFCPvNaEvl4OzB",
                "aH7V0g5rZ8853xL8o", "dvwH4AwSI5LEsJpKS6plVDvk9due");
        assertRedacted("url: https://chat.example.net/hooks/4f4319jhh63i86dmfi8rd9hsky", "4f4319jhh63i86dmfi8rd9hsky");
        assertRedacted("https://contoso.webhook.office.com/webhookb2/6ca38326-a2c2-411e-ae97-6fc14dba4bb6@a8a85bba-7391-4d8a"
                + "-a070-005eba871a4b/IncomingWebhook/6fbe1c003c9327fbb53fb6cf70c2c600/53c2c89e-d28b-4b49-b31a-4aa213f40183"
                + "/V2JDC0B1Coh7CdjGz9rcI_a9BZ8NUKhkiNxvsT5_785Cc", "6fbe1c003c9327fbb53fb6cf70c2c600", "V2JDC0B1Coh7CdjGz9rc");
        assertRedacted("https://discord.com/api/webhooks/123456789012345678/Ab1CdEfGh2IjKlMnOpQrS3tUvWxYz", "Ab1CdEfGh2IjKlMn");
        assertRedacted("https://hooks.slack.com/workflows/T0ABCDEF1/A0ABCDEF2/123456789012345678/abcDEF123ghiJKL456mnoPQR7",
                "abcDEF123ghiJKL456mnoPQR7");
        String out = fixture.text("https://api.github.com/repos/o/r/hooks/12345678 https://react.dev/reference/react/hooks "
                + "https://example.com/webhooks/stripe/events https://portal.example.com/services/3f2504e0-4f89-11d3-9a0c"
                + "-0305e82c3301/overview");
        assertFalse(out.contains("REDACTED"), "numbers, words and paths on other hosts are kept: " + out);
    }

    @Test
    void aUserNameThatIsAKeyIsRedactedAndAnOrdinaryOneKept() {
        assertRedacted("dsn: 'https://2abc4f22e5fc424dabef1aab806691ac@o528269.ingest.sentry.io/8379160'",
                "2abc4f22e5fc424dabef1aab806691ac");
        String text = "clone ssh://git@github.com/o/r and https://support@example.com/x";
        assertEquals(text, fixture.text(text));
    }

    @Test
    void theMembersOfAJsonWebKeyThatMakeItPrivate() {
        String d = "MrcRZMAy_6PqDBq6LSv5B_2FFCBmsvUXJ-PFzgiqLzbEmzPM6lKs9Xli";
        String jwk = "{\"kty\": \"RSA\", \"kid\": \"k1\", \"n\": \"public0modulus0Aa1\", \"e\": \"AQAB\", \"d\": \"" + d
                + "\", \"p\": \"" + d.substring(4) + "\", \"dq\": \"" + d.substring(8) + "\"}";
        assertRedacted("key = " + jwk + " // pasted", d.substring(8, 40));
        String json = fixture.body(jwk, "application/json");
        assertFalse(json.contains(d.substring(8, 40)), json);
        assertTrue(json.contains("public0modulus0Aa1") && json.contains("AQAB"), "the public members are kept: " + json);
        String escaped = "var jwk = \"" + jwk.replace("\"", "\\\"") + "\";"; // JSON inside a JavaScript string
        String script = fixture.text(escaped);
        assertFalse(script.contains(d.substring(8, 40)), script);
        assertTrue(script.contains("public0modulus0Aa1"), script);
        String notAKey = "{\"d\": \"2026-01-01T00:00:00Z\", \"p\": \"page-two-of-three\"}";
        assertEquals(notAKey, fixture.body(notAKey, "application/json"), "no kty: single letters mean nothing");
    }

    @Test
    void passwordInOtherLanguages() {
        for (String line : List.of("contraseña = Dqfx%8GhkkA!wW", "export CONTRASENA=Dqfx%8GhkkA!wW", "DbPasswort: Dqfx%8GhkkA!wW",
                "\"senha\": \"Dqfx%8GhkkA!wW\"", "mot_de_passe=Dqfx%8GhkkA!wW", "пароль: Dqfx%8GhkkA!wW")) {
            assertRedacted(line, "Dqfx");
        }
        assertEquals("theSlot = 42abc", fixture.text("theSlot = 42abc"), "heslo inside another word is not a password");
    }

    @Test
    void keywordFormatsNeedTheirKeyword() {
        String hex37 = "0123456789abcdef0123456789abcdef01234"; // a Cloudflare global API key's shape, but also noise
        assertRedacted("cloudflare = \"" + hex37 + "\"", hex37);
        assertTrue(fixture.text("checksum = \"" + hex37 + "\"").contains(hex37), "without the keyword it is kept");
    }
}
