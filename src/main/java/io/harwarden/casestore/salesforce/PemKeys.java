package io.harwarden.casestore.salesforce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/** An RSA private key from a PEM file, as {@code openssl} writes them: PKCS#8 or the older PKCS#1. */
final class PemKeys {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (PRIVATE KEY|RSA PRIVATE KEY|ENCRYPTED PRIVATE KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemKeys() {
    }

    /** Messages name the setting and the file, never a byte of the key. */
    static PrivateKey rsaPrivateKey(Path file, String property) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot read " + property + " " + file + ": " + e.getClass().getSimpleName(), null);
        }
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new IOException(property + " " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        if (pem.group(1).startsWith("ENCRYPTED")) {
            throw new IOException(property + " " + file + " is encrypted; give the key unencrypted (openssl pkcs8 "
                    + "-topk8 -nocrypt) on a mounted secret");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (pem.group(1).equals("PRIVATE KEY")) {
                return rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            RSAPrivateKey k = RSAPrivateKey.getInstance(der);
            return rsa.generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(),
                    k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                    k.getCoefficient()));
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException(property + " " + file + " is not an RSA private key", null);
        }
    }
}
