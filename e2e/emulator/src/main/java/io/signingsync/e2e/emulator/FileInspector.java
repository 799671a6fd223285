package io.signingsync.e2e.emulator;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Computes the read-only fields Bitrise fills in once a file is processed. */
final class FileInspector {
    private FileInspector() {
    }

    static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256(content));
    }

    /**
     * Reads the certificates of a .p12 with its password (an unset password is tried as empty).
     * Returns an empty list when the file cannot be read, as the API does when extraction fails.
     * NOTE: the order is the JDK KeyStore's alias order, which need not be the .p12's ASN.1 order
     * that the spec promises.
     */
    static List<FileRecord.CertificateInfo> readCertificates(byte[] p12, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(p12), password == null ? new char[0] : password.toCharArray());
            List<FileRecord.CertificateInfo> found = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    found.add(new FileRecord.CertificateInfo(
                            upperHex(x509.getSerialNumber()),
                            x509.getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS).toString()));
                }
            }
            return found;
        } catch (Exception e) {
            return new ArrayList<>();
        }
    }

    /**
     * Returns the keytool-style SHA-256 fingerprint (uppercase hex, colon separated) of the
     * certificate stored under {@code alias}, or null when the keystore cannot be read.
     */
    static String keystoreFingerprint(byte[] keystore, String password, String alias) {
        try {
            // The PKCS12 KeyStore of JDK 9+ also loads JKS files (keystore.type.compat).
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(keystore), password == null ? new char[0] : password.toCharArray());
            Certificate certificate = store.getCertificate(alias);
            if (certificate == null) {
                return null;
            }
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(certificate.getEncoded()));
        } catch (Exception e) {
            return null;
        }
    }

    private static String upperHex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
