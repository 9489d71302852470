package io.harwarden.har;

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

    @Test
    void shellLines() {
        assertRedacted("curl -u admin:CurlPassword9 https://api.example.com/", "CurlPassword9");
        assertRedacted("curl --user 'admin:CurlPassword9' https://api.example.com/", "CurlPassword9");
        assertRedacted("curl -H 'X-Api-Key: HeaderKeyValue77' https://api.example.com/", "HeaderKeyValue77");
        assertRedacted("curl -H \"Authorization: Bearer ShellBearer123456\" x", "ShellBearer123456");
    }

    @Test
    void connectionStrings() {
        assertRedacted("postgres://app:PgPassword11@db.internal:5432/app", "PgPassword11");
        assertRedacted("mongodb+srv://app:MongoPass22@cluster0.example.net/db?retryWrites=true", "MongoPass22");
        assertRedacted("jdbc:mysql://db:3306/app?user=app&password=JdbcPass33", "JdbcPass33");
        assertRedacted("Server=tcp:db.example.net;Database=app;User ID=app;Password=AdoPass44;", "AdoPass44");
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

    @Test
    void webhookUrlsWhosePathIsTheSecret() {
        assertRedacted("post to https://hooks.slack.com/services/T0123ABCD/B0123ABCD/aBcDeFgHiJkLmNoPqRsTuVwX now",
                "aBcDeFgHiJkLmNoPqRsTuVwX");
        String token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrStUvWxYz0123456".substring(0, 68);
        assertRedacted("https://discord.com/api/webhooks/123456789012345678/" + token, "AbCdEfGhIjKlMnOpQrStUvWx");
    }

    @Test
    void keywordFormatsNeedTheirKeyword() {
        String hex37 = "0123456789abcdef0123456789abcdef01234"; // a Cloudflare global API key's shape, but also noise
        assertRedacted("cloudflare = \"" + hex37 + "\"", hex37);
        assertTrue(fixture.text("checksum = \"" + hex37 + "\"").contains(hex37), "without the keyword it is kept");
    }
}
