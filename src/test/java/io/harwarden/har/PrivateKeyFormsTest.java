package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Private keys without their PEM armor, as they are pasted into configuration: DER in base64 (PKCS#1, PKCS#8 plain
 * and encrypted, SEC1, Ed25519, PKCS#12) and an OpenSSH key's body, on one line or wrapped, indented under a YAML key,
 * broken by a JavaScript string's {@code \n} escapes or by CRLF. Keys are made fresh for each run.
 */
class PrivateKeyFormsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Fixture fixture = new Fixture();

    private static Map<String, byte[]> keys() throws Exception {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        byte[] rsaPkcs8 = rsa.generateKeyPair().getPrivate().getEncoded();
        keys.put("PKCS#8 RSA", rsaPkcs8);
        keys.put("PKCS#1 RSA", PrivateKeyInfo.getInstance(rsaPkcs8).parsePrivateKey().toASN1Primitive().getEncoded());
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] ecPkcs8 = ec.generateKeyPair().getPrivate().getEncoded();
        keys.put("PKCS#8 EC", ecPkcs8);
        keys.put("SEC1 EC", PrivateKeyInfo.getInstance(ecPkcs8).parsePrivateKey().toASN1Primitive().getEncoded());
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        keys.put("SEC1 EC P-384", PrivateKeyInfo.getInstance(ec.generateKeyPair().getPrivate().getEncoded())
                .parsePrivateKey().toASN1Primitive().getEncoded());
        keys.put("PKCS#8 Ed25519", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        keys.put("encrypted PKCS#8", encrypted(rsaPkcs8));
        keys.put("PKCS#12", pkcs12());
        byte[] openssh = new byte[400];
        RANDOM.nextBytes(openssh);
        byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, openssh, 0, magic.length);
        keys.put("OpenSSH body", openssh);
        return keys;
    }

    /** An EncryptedPrivateKeyInfo as OpenSSL writes it: PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC. */
    private static byte[] encrypted(byte[] pkcs8) throws Exception {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(iv);
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("pw".toCharArray(), salt, 10_000, 256)).getEncoded();
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        AlgorithmIdentifier pbes2 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, 10_000, 32,
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv))));
        return new EncryptedPrivateKeyInfo(pbes2, cipher.doFinal(pkcs8)).getEncoded();
    }

    private static byte[] pkcs12() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        char[] password = "pw".toCharArray();
        store.setEntry("k", new KeyStore.SecretKeyEntry(new SecretKeySpec(secret, "AES")),
                new KeyStore.PasswordProtection(password));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    private static String wrap(String base64, int columns, String lineBreak) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < base64.length(); i += columns) {
            out.append(i == 0 ? "" : lineBreak).append(base64, i, Math.min(base64.length(), i + columns));
        }
        return out.toString();
    }

    private static final List<UnaryOperator<String>> LAYOUTS = List.of(
            b64 -> "private_blob: " + b64 + "\nnext: kept-line",
            b64 -> "{\"value\": \"" + b64 + "\", \"next\": \"kept-line\"}",
            b64 -> "tls:\n  key: |\n    " + wrap(b64, 64, "\n    ") + "\n  next: kept-line\n",
            b64 -> "var k = \"" + wrap(b64, 64, "\\n") + "\"; var next = \"kept-line\";",
            b64 -> wrap(b64, 76, "\r\n") + "\r\n\r\nkept-line",
            b64 -> "KEY=" + wrap(b64, 64, "\n") + "\nkept-line");

    @Test
    void everyFormInEveryLayoutIsRedactedWholeAndTheTextAfterItKept() throws Exception {
        for (Map.Entry<String, byte[]> key : keys().entrySet()) {
            String b64 = Base64.getEncoder().encodeToString(key.getValue());
            for (int layout = 0; layout < LAYOUTS.size(); layout++) {
                String text = LAYOUTS.get(layout).apply(b64);
                String out = fixture.text(text);
                // past the structure every DER key of its kind shares, no 8 characters of the key may remain
                for (int i = 32; i + 8 <= b64.length(); i += 4) {
                    if (out.contains(b64.substring(i, i + 8))) {
                        fail(key.getKey() + " in layout " + layout + " kept " + b64.substring(i, i + 8) + ": " + out);
                    }
                }
                assertTrue(out.contains("kept-line"), key.getKey() + " in layout " + layout + ": " + out);
                assertTrue(out.contains("[REDACTED:"), key.getKey() + " in layout " + layout + ": " + out);
                assertEquals(out, fixture.text(out), "the re-scan changes nothing");
            }
        }
    }

    @Test
    void publicKeysAndCertificatesAreKept() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        for (byte[] der : List.of(rsa.generateKeyPair().getPublic().getEncoded(),
                ec.generateKeyPair().getPublic().getEncoded(),
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded())) {
            String text = "public_blob: " + Base64.getEncoder().encodeToString(der);
            assertEquals(text, fixture.text(text));
        }
    }
}
