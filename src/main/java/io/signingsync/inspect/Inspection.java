package io.signingsync.inspect;

import io.signingsync.scan.LocalFile;
import java.time.Instant;
import java.util.List;

/**
 * What inspecting one local file found.
 *
 * @param file the local file
 * @param identity who or what the file is, for people: "NAME (UUID)" for a profile, "CN (serial HEX)" for a certificate
 * @param expiry when the file stops working, or null when it could not be read
 * @param rejection why the file must not be uploaded, or null when it may be
 * @param warnings problems worth a WARN line that do not stop the upload
 * @param certificateSha256s SHA-256 of each signing certificate in a .p12; empty for profiles
 * @param developerCertificateSha256s SHA-256 of each certificate a profile allows; empty for .p12 files
 */
public record Inspection(LocalFile file, String identity, Instant expiry, String rejection, List<String> warnings,
        List<String> certificateSha256s, List<String> developerCertificateSha256s) {

    public Inspection {
        warnings = List.copyOf(warnings);
        certificateSha256s = List.copyOf(certificateSha256s);
        developerCertificateSha256s = List.copyOf(developerCertificateSha256s);
    }

    public boolean rejected() {
        return rejection != null;
    }

    /** Returns an inspection that found nothing to object to, for files that were not inspected. */
    public static Inspection notInspected(LocalFile file) {
        return new Inspection(file, "", null, null, List.of(), List.of(), List.of());
    }
}
