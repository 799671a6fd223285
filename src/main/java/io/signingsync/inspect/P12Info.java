package io.signingsync.inspect;

import java.util.List;

/**
 * The contents of a .p12 build certificate that opened with its password.
 *
 * @param certificates the certificates of the entries that carry a private key, the signing identities
 * @param openedWith "JDK" or "Bouncy Castle", for the log
 */
public record P12Info(List<CertificateInfo> certificates, String openedWith) {

    public P12Info {
        certificates = List.copyOf(certificates);
    }
}
