package io.signingsync.inspect;

import io.signingsync.config.KeystoreCredentials;
import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Opens every local file before anything is uploaded: a .p12 with its password, a profile's
 * plist. A file that cannot be read, does not open with its password, has no private key, or
 * has expired (unless expired files are allowed) is rejected; the others may still be uploaded.
 */
public final class FileInspector {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final boolean allowExpired;
    private final Duration warningWindow;
    private final Function<String, Secret> passwordFor;
    private final KeystoreCredentials keystoreCredentials;
    private final P12Inspector p12Inspector = new P12Inspector();
    private final KeystoreInspector keystoreInspector = new KeystoreInspector();
    private final ProfileInspector profileInspector = new ProfileInspector();

    /**
     * @param allowExpired upload expired files with a warning instead of rejecting them
     * @param expiryWarningDays warn about files that expire within this many days
     * @param passwordFor the password of a .p12, by its remote file name
     */
    public FileInspector(Clock clock, boolean allowExpired, int expiryWarningDays,
            Function<String, Secret> passwordFor) {
        this(clock, allowExpired, expiryWarningDays, passwordFor, KeystoreCredentials.none());
    }

    /** @param keystoreCredentials what Android keystores are opened with and uploaded with */
    public FileInspector(Clock clock, boolean allowExpired, int expiryWarningDays,
            Function<String, Secret> passwordFor, KeystoreCredentials keystoreCredentials) {
        this.keystoreCredentials = keystoreCredentials;
        this.clock = clock;
        this.allowExpired = allowExpired;
        this.warningWindow = Duration.ofDays(expiryWarningDays);
        this.passwordFor = passwordFor;
    }

    /** Inspects the files on every core (opening a .p12 is CPU-bound), keeping their order. */
    public List<Inspection> inspect(List<LocalFile> files) {
        List<Inspection> inspections = files.parallelStream().map(this::inspect).toList();
        return warnAboutUnsignableProfiles(inspections);
    }

    private Inspection inspect(LocalFile file) {
        if (file.kind() == FileKind.GENERIC_PROJECT_FILE) {
            return inspectGeneric(file);
        }
        if (file.kind() == FileKind.ANDROID_KEYSTORE) {
            return inspectKeystore(file);
        }
        if (file.sizeBytes() > MAX_SIGNING_FILE_BYTES) {
            return rejected(file, "is " + file.sizeBytes() / (1024 * 1024) + " MB; real " + file.kind().displayName()
                    + "s are a few KB, so this is not one; check the file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        } catch (IOException e) {
            return rejected(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return file.kind() == FileKind.BUILD_CERTIFICATE ? inspectCertificate(file, bytes)
                    : inspectProfile(file, bytes);
        } catch (InspectionException e) {
            return rejected(file, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return rejected(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Inspection inspectCertificate(LocalFile file, byte[] bytes) throws InspectionException {
        P12Info info = p12Inspector.inspect(bytes, passwordFor.apply(file.remoteName()));
        CertificateInfo first = info.certificates().stream()
                .min(Comparator.comparing(CertificateInfo::notAfter)).orElseThrow();
        String identity = first.commonName() + " (serial " + first.serialHex() + ")"
                + (info.certificates().size() > 1 ? " and " + (info.certificates().size() - 1) + " more" : "");
        List<String> warnings = new ArrayList<>();
        if (first.notBefore().isAfter(clock.instant())) {
            warnings.add("is not valid before " + DATE.format(first.notBefore()));
        }
        String rejection = expiryCheck(first.notAfter(), warnings);
        return new Inspection(file, identity, first.notAfter(), rejection, warnings,
                info.certificates().stream().map(CertificateInfo::sha256).toList(), List.of());
    }

    /**
     * Certificates and profiles are a few KB; parsing a large file as one would only waste memory
     * (a DER length field can ask for gigabytes), so anything above this is rejected unread.
     */
    static final long MAX_SIGNING_FILE_BYTES = 10L * 1024 * 1024;

    /** Bitrise's web UI refuses generic files over 5 MB; the API's own limit is not documented. */
    static final long GENERIC_FILE_UI_LIMIT_BYTES = 5L * 1024 * 1024;

    private static Inspection inspectGeneric(LocalFile file) {
        List<String> warnings = new ArrayList<>();
        if (file.sizeBytes() > GENERIC_FILE_UI_LIMIT_BYTES) {
            warnings.add("is " + file.sizeBytes() / (1024 * 1024) + " MB; Bitrise's web UI caps generic files at"
                    + " 5 MB, so the UI may not show or replace it");
        }
        return new Inspection(file, "env " + file.userEnvKey(), null, null, warnings, List.of(), List.of());
    }

    private Inspection inspectKeystore(LocalFile file) {
        List<String> missing = keystoreCredentials.missingInputs();
        if (!missing.isEmpty()) {
            return rejected(file, "is an Android keystore, which is uploaded only with keystore_password,"
                    + " keystore_alias and keystore_private_key_password; set " + String.join(", ", missing)
                    + ", or move the keystore out of the folder");
        }
        try {
            CertificateInfo certificate = keystoreInspector.inspect(file.path(), keystoreCredentials);
            List<String> warnings = new ArrayList<>();
            String rejection = expiryCheck(certificate.notAfter(), warnings);
            return new Inspection(file, certificate.commonName() + " (serial " + certificate.serialHex() + ")",
                    certificate.notAfter(), rejection, warnings, List.of(), List.of());
        } catch (InspectionException e) {
            return rejected(file, e.getMessage());
        }
    }

    private Inspection inspectProfile(LocalFile file, byte[] bytes) throws InspectionException {
        ProfileInfo info = profileInspector.inspect(bytes);
        String identity = info.name() + " (" + info.uuid() + ")";
        List<String> warnings = new ArrayList<>();
        String rejection = expiryCheck(info.expirationDate(), warnings);
        return new Inspection(file, identity, info.expirationDate(), rejection, warnings, List.of(),
                info.developerCertificates().stream().map(CertificateInfo::sha256).toList());
    }

    /** Returns the rejection of an expired file, or null, adding a warning when the end is near or allowed past. */
    private String expiryCheck(Instant expiry, List<String> warnings) {
        Instant now = clock.instant();
        if (expiry.isBefore(now)) {
            if (allowExpired) {
                warnings.add("expired on " + DATE.format(expiry) + "; uploaded anyway because allow_expired is yes");
                return null;
            }
            return "expired on " + DATE.format(expiry) + "; replace it with a renewed one, or set allow_expired: yes"
                    + " to upload it anyway";
        }
        if (expiry.isBefore(now.plus(warningWindow))) {
            long days = Duration.between(now, expiry).toDays();
            warnings.add("expires on " + DATE.format(expiry) + ", in " + days + (days == 1 ? " day" : " days"));
        }
        return null;
    }

    /** A profile that allows none of the folder's certificates cannot sign a build made from this folder. */
    private static List<Inspection> warnAboutUnsignableProfiles(List<Inspection> inspections) {
        Set<String> certificates = new HashSet<>();
        boolean anyCertificate = false;
        for (Inspection inspection : inspections) {
            if (inspection.file().kind() != FileKind.BUILD_CERTIFICATE) {
                continue;
            }
            if (inspection.rejected()) {
                // Its certificates are unknown, so any profile might match it: no warning can be trusted.
                return inspections;
            }
            anyCertificate = true;
            certificates.addAll(inspection.certificateSha256s());
        }
        if (!anyCertificate) {
            return inspections;
        }
        List<Inspection> result = new ArrayList<>();
        for (Inspection inspection : inspections) {
            boolean profile = inspection.file().kind() == FileKind.PROVISIONING_PROFILE && !inspection.rejected();
            if (profile && inspection.developerCertificateSha256s().stream().noneMatch(certificates::contains)) {
                List<String> warnings = new ArrayList<>(inspection.warnings());
                warnings.add("allows none of the .p12 certificates in this folder to sign, so a build that uses"
                        + " it with these certificates will fail to sign");
                result.add(new Inspection(inspection.file(), inspection.identity(), inspection.expiry(), null,
                        warnings, inspection.certificateSha256s(), inspection.developerCertificateSha256s()));
            } else {
                result.add(inspection);
            }
        }
        return result;
    }

    private static Inspection rejected(LocalFile file, String reason) {
        return new Inspection(file, "", null, reason, List.of(), List.of(), List.of());
    }
}
