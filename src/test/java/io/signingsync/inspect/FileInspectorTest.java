package io.signingsync.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.config.CommandLineOptions;
import io.signingsync.config.Configuration;
import io.signingsync.config.ConfigurationLoader;
import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import io.signingsync.testing.SigningFiles;
import io.signingsync.testing.SigningFiles.Identity;
import io.signingsync.testing.SigningFiles.Profile;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileInspectorTest {

    private static final String PASSWORD = "inspect-pw-4Rt6-distinctive";
    private static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Function<String, Secret> SHARED_PASSWORD = name -> Secret.of(PASSWORD);
    private static final Identity VALID = SigningFiles.identity("Apple Distribution: Example Ltd (ABCDE12345)",
            "ABCDE12345", NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(300)));

    @TempDir
    Path folder;

    private static FileInspector inspector(boolean allowExpired, int warningDays) {
        return new FileInspector(CLOCK, allowExpired, warningDays, SHARED_PASSWORD);
    }

    private LocalFile certificate(String name, Identity identity) {
        return SigningFiles.localFile(SigningFiles.write(folder, name, SigningFiles.p12(identity, PASSWORD)));
    }

    private LocalFile profile(String name, Instant expiry, Identity... developerCertificates) {
        return SigningFiles.localFile(
                SigningFiles.write(folder, name, Profile.of(name, expiry, developerCertificates).encoded()));
    }

    private static Inspection inspectOne(FileInspector inspector, LocalFile file) {
        List<Inspection> inspections = inspector.inspect(List.of(file));
        assertEquals(1, inspections.size());
        return inspections.get(0);
    }

    private static Identity expiringOn(Instant notAfter) {
        return SigningFiles.identity("Apple Distribution: Dated Ltd (DATED12345)", "DATED12345",
                NOW.minus(Duration.ofDays(400)), notAfter);
    }

    // Expiry.

    @Test
    void expiredCertificateRejectedWithDate() {
        LocalFile file = certificate("Old.p12", expiringOn(Instant.parse("2025-06-01T08:00:00Z")));

        Inspection inspection = inspectOne(inspector(false, 30), file);

        assertTrue(inspection.rejected());
        assertTrue(inspection.rejection().contains("2025-06-01"), inspection.rejection());
        assertTrue(inspection.rejection().contains("allow_expired"), inspection.rejection());
    }

    @Test
    void expiredProfileRejectedWithDate() {
        LocalFile file = profile("Old.mobileprovision", Instant.parse("2025-05-20T00:00:00Z"), VALID);

        Inspection inspection = inspectOne(inspector(false, 30), file);

        assertTrue(inspection.rejected());
        assertTrue(inspection.rejection().contains("2025-05-20"), inspection.rejection());
        assertTrue(inspection.rejection().contains("allow_expired"), inspection.rejection());
    }

    @Test
    void allowExpiredWarnsInstead() {
        LocalFile file = certificate("Old.p12", expiringOn(Instant.parse("2025-06-01T08:00:00Z")));

        Inspection inspection = inspectOne(inspector(true, 30), file);

        assertFalse(inspection.rejected());
        assertEquals(1, inspection.warnings().size());
        assertTrue(inspection.warnings().get(0).contains("expired on 2025-06-01"), inspection.warnings().toString());
    }

    @Test
    void allowExpiredProfileWarnsInstead() {
        LocalFile file = profile("Old.mobileprovision", Instant.parse("2025-05-20T00:00:00Z"));

        Inspection inspection = inspectOne(inspector(true, 30), file);

        assertNull(inspection.rejection());
        assertTrue(inspection.warnings().get(0).contains("expired on 2025-05-20"), inspection.warnings().toString());
    }

    @Test
    void expiringSoonWarnsWithDate() {
        LocalFile file = certificate("Soon.p12", expiringOn(Instant.parse("2025-06-25T12:00:00Z")));

        Inspection inspection = inspectOne(inspector(false, 30), file);

        assertFalse(inspection.rejected());
        assertEquals(1, inspection.warnings().size());
        assertTrue(inspection.warnings().get(0).contains("expires on 2025-06-25"), inspection.warnings().toString());
        assertTrue(inspection.warnings().get(0).contains("in 10 days"), inspection.warnings().toString());
    }

    @Test
    void profileExpiringSoonWarns() {
        LocalFile file = profile("Soon.mobileprovision", Instant.parse("2025-07-01T00:00:00Z"));

        Inspection inspection = inspectOne(inspector(false, 30), file);

        assertTrue(inspection.warnings().get(0).contains("expires on 2025-07-01"), inspection.warnings().toString());
    }

    @Test
    void expiryOutsideWindowNoWarning() {
        LocalFile file = certificate("Later.p12", expiringOn(NOW.plus(Duration.ofDays(31))));

        Inspection inspection = inspectOne(inspector(false, 30), file);

        assertFalse(inspection.rejected());
        assertEquals(List.of(), inspection.warnings());
    }

    @Test
    void zeroWarningDaysNeverWarns() {
        LocalFile file = certificate("Tomorrow.p12", expiringOn(NOW.plus(Duration.ofHours(30))));

        Inspection inspection = inspectOne(inspector(false, 0), file);

        assertEquals(List.of(), inspection.warnings());
    }

    @Test
    void notYetValidCertificateWarns() {
        Identity future = SigningFiles.identity("Apple Distribution: Future Ltd (FUTUR12345)", "FUTUR12345",
                Instant.parse("2025-07-01T00:00:00Z"), NOW.plus(Duration.ofDays(400)));

        Inspection inspection = inspectOne(inspector(false, 30), certificate("Future.p12", future));

        assertFalse(inspection.rejected());
        assertTrue(inspection.warnings().get(0).contains("not valid before 2025-07-01"),
                inspection.warnings().toString());
    }

    @Test
    void expiryAndIdentityRecorded() {
        Identity identity = SigningFiles.identity("Apple Distribution: Named Ltd (NAMED12345)", "NAMED12345",
                new BigInteger("BEEF01", 16), NOW.minus(Duration.ofDays(1)), Instant.parse("2026-01-31T10:00:00Z"));

        Inspection inspection = inspectOne(inspector(false, 30), certificate("Named.p12", identity));

        assertEquals("Apple Distribution: Named Ltd (NAMED12345) (serial BEEF01)", inspection.identity());
        assertEquals(Instant.parse("2026-01-31T10:00:00Z"), inspection.expiry());
    }

    @Test
    void profileIdentityNamesUuid() {
        Profile profile = Profile.of("Example Ad Hoc", NOW.plus(Duration.ofDays(100)));
        LocalFile file = SigningFiles.localFile(SigningFiles.write(folder, "AdHoc.mobileprovision", profile.encoded()));

        Inspection inspection = inspectOne(inspector(false, 30), file);

        assertEquals("Example Ad Hoc (" + profile.uuid() + ")", inspection.identity());
        assertEquals(profile.expirationDate(), inspection.expiry());
    }

    // Passwords and unreadable files.

    @Test
    void perFilePasswordWinsOverShared() throws Exception {
        String ownPassword = "own-pw-9Lp3-distinctive";
        LocalFile file = SigningFiles.localFile(
                SigningFiles.write(folder, "Own.p12", SigningFiles.p12(VALID, ownPassword)));
        Path signingDir = Files.createDirectories(folder.resolve("signing"));
        Configuration config = new ConfigurationLoader(Map.of(
                "bitrise_api_token", "token",
                "app_slug", "app",
                "signing_files_dir", signingDir.toString(),
                "certificate_password", PASSWORD,
                "certificate_passwords", "Own.p12=" + ownPassword), folder)
                .load(CommandLineOptions.parse(new String[0]));

        Inspection inspection = inspectOne(new FileInspector(CLOCK, false, 30, config::passwordFor), file);

        assertNull(inspection.rejection());
    }

    @Test
    void wrongPasswordRejected() {
        LocalFile file = SigningFiles.localFile(
                SigningFiles.write(folder, "Other.p12", SigningFiles.p12(VALID, "another-password")));

        Inspection inspection = inspectOne(inspector(false, 30), file);

        assertTrue(inspection.rejected());
        assertTrue(inspection.rejection().contains("wrong password"), inspection.rejection());
        assertFalse(inspection.rejection().contains(PASSWORD), inspection.rejection());
    }

    @Test
    void passwordLookedUpByRemoteName() {
        LocalFile file = certificate("Looked Up.p12", VALID);
        List<String> requested = new ArrayList<>();
        FileInspector inspector = new FileInspector(CLOCK, false, 30, name -> {
            requested.add(name);
            return Secret.of(PASSWORD);
        });

        inspector.inspect(List.of(file));

        assertEquals(List.of("Looked Up.p12"), requested);
    }

    @Test
    void missingFileRejected() {
        LocalFile missingFile = new LocalFile(folder.resolve("Gone.p12"), "Gone.p12", "Gone.p12", FileKind.BUILD_CERTIFICATE,
                10, "0".repeat(64));

        Inspection inspection = inspectOne(inspector(false, 30), missingFile);

        assertTrue(inspection.rejection().contains("cannot be read"), inspection.rejection());
    }

    @Test
    void rejectedFileHasNoExpiry() {
        LocalFile file = SigningFiles.localFile(SigningFiles.write(folder, "Fake.mobileprovision", new byte[] {1, 2}));

        Inspection inspection = inspectOne(inspector(false, 30), file);

        assertTrue(inspection.rejected());
        assertNull(inspection.expiry());
    }

    // Whether the folder's profiles allow its certificates.

    @Test
    void unmatchedProfileWarned() {
        Identity other = SigningFiles.identity("Apple Distribution: Other Ltd (OTHER12345)", "OTHER12345", NOW);
        LocalFile certificate = certificate("Dist.p12", VALID);
        LocalFile profile = profile("Other.mobileprovision", NOW.plus(Duration.ofDays(200)), other);

        List<Inspection> inspections = inspector(false, 30).inspect(List.of(certificate, profile));

        assertEquals(List.of(), inspections.get(0).warnings());
        assertEquals(1, inspections.get(1).warnings().size());
        assertTrue(inspections.get(1).warnings().get(0).contains("allows none of the .p12 certificates"),
                inspections.get(1).warnings().toString());
    }

    @Test
    void unmatchedProfileKeepsExpiryWarning() {
        Identity other = SigningFiles.identity("Apple Distribution: Other Ltd (OTHER12345)", "OTHER12345", NOW);
        LocalFile certificate = certificate("Dist.p12", VALID);
        LocalFile profile = profile("Soon.mobileprovision", NOW.plus(Duration.ofDays(5)), other);

        List<Inspection> inspections = inspector(false, 30).inspect(List.of(certificate, profile));

        assertEquals(2, inspections.get(1).warnings().size());
        assertTrue(inspections.get(1).warnings().get(0).contains("expires on"),
                inspections.get(1).warnings().toString());
    }

    @Test
    void matchingProfileNotWarned() {
        Identity other = SigningFiles.identity("Apple Distribution: Other Ltd (OTHER12345)", "OTHER12345", NOW);
        LocalFile certificate = certificate("Dist.p12", VALID);
        LocalFile profile = profile("App.mobileprovision", NOW.plus(Duration.ofDays(200)), other, VALID);

        List<Inspection> inspections = inspector(false, 30).inspect(List.of(profile, certificate));

        assertEquals(List.of(), inspections.get(0).warnings());
    }

    @Test
    void noCertificatesMeansNoCoherenceWarning() {
        Identity other = SigningFiles.identity("Apple Distribution: Other Ltd (OTHER12345)", "OTHER12345", NOW);
        LocalFile profile = profile("App.mobileprovision", NOW.plus(Duration.ofDays(200)), other);

        Inspection inspection = inspectOne(inspector(false, 30), profile);

        assertEquals(List.of(), inspection.warnings());
    }

    /**
     * A .p12 that does not open has no known certificate, so nothing can be said about which
     * profiles allow it; a warning that the profile allows none of the folder's certificates would
     * be false here, because the profile allows exactly that certificate.
     */
    @Test
    void unopenedCertificateCausesNoCoherenceWarning() {
        LocalFile certificate = SigningFiles.localFile(
                SigningFiles.write(folder, "Dist.p12", SigningFiles.p12(VALID, "another-password")));
        LocalFile profile = profile("App.mobileprovision", NOW.plus(Duration.ofDays(200)), VALID);

        List<Inspection> inspections = inspector(false, 30).inspect(List.of(certificate, profile));

        assertTrue(inspections.get(0).rejected());
        assertEquals(List.of(), inspections.get(1).warnings());
    }

    @Test
    void rejectedProfileNotCoherenceWarned() {
        Identity other = SigningFiles.identity("Apple Distribution: Other Ltd (OTHER12345)", "OTHER12345", NOW);
        LocalFile certificate = certificate("Dist.p12", VALID);
        LocalFile profile = profile("Old.mobileprovision", NOW.minus(Duration.ofDays(1)), other);

        List<Inspection> inspections = inspector(false, 30).inspect(List.of(certificate, profile));

        assertTrue(inspections.get(1).rejected());
        assertEquals(List.of(), inspections.get(1).warnings());
    }
}
