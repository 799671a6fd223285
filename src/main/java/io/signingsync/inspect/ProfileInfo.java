package io.signingsync.inspect;

import java.time.Instant;
import java.util.List;

/**
 * The fields of a provisioning profile's plist that identify it and decide whether a build can use it.
 *
 * @param uuid the profile's UUID
 * @param name the profile's name as shown in the Apple Developer portal
 * @param teamIdentifier the first entry of TeamIdentifier
 * @param appIdentifier the entitlement application-identifier (or com.apple.application-identifier on macOS)
 * @param expirationDate when the profile stops working
 * @param developerCertificates the certificates allowed to sign with this profile
 */
public record ProfileInfo(String uuid, String name, String teamIdentifier, String appIdentifier,
        Instant expirationDate, List<CertificateInfo> developerCertificates) {

    public ProfileInfo {
        developerCertificates = List.copyOf(developerCertificates);
    }
}
