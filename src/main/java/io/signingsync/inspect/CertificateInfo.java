package io.signingsync.inspect;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What identifies an X.509 certificate to a person and to a build.
 *
 * @param commonName the subject's CN, for example "Apple Distribution: Example Ltd (A1B2C3D4E5)"
 * @param team the subject's OU, which Apple sets to the team identifier; empty when absent
 * @param serialHex the serial number as uppercase hex, as Bitrise's API reports it
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256 lowercase hex SHA-256 of the DER encoding, to match a profile's developer certificates
 */
public record CertificateInfo(String commonName, String team, String serialHex, Instant notBefore, Instant notAfter,
        String sha256) {

    public static CertificateInfo of(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        return new CertificateInfo(
                attribute(subject, "CN"),
                attribute(subject, "OU"),
                certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                sha256(certificate));
    }

    private static String attribute(String distinguishedName, String type) {
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate that was just decoded", e);
        }
    }
}
