package io.signingsync.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.config.Secret;
import io.signingsync.testing.SigningFiles;
import io.signingsync.testing.SigningFiles.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P12InspectorTest {

    private static final String PASSWORD = "p12-pw-7Hq2-distinctive";
    private static final String NON_ASCII_PASSWORD = "pässwörd-密码-🔑";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Identity IDENTITY = SigningFiles.identity("Apple Distribution: Example Ltd (ABCDE12345)",
            "ABCDE12345", NOW);

    /**
     * A .p12 written by OpenSSL 3.0 with {@code openssl pkcs12 -export -legacy -passout pass:legacy-pw}:
     * certificates encrypted with pbeWithSHA1And40BitRC2-CBC, the key with pbeWithSHA1And3-KeyTripleDES-CBC,
     * and a SHA-1 MAC. Its certificate is "CN=Legacy Fixture, OU=LEGACYTEAM", serial 5EC2E7, valid 100 years.
     */
    private static final String LEGACY_FIXTURE = "legacy-rc2-3des.p12";
    private static final String LEGACY_PASSWORD = "legacy-pw";

    private final P12Inspector inspector = new P12Inspector();

    private static byte[] legacyFixture() throws IOException {
        try (InputStream in = P12InspectorTest.class.getResourceAsStream(LEGACY_FIXTURE)) {
            assertNotNull(in, LEGACY_FIXTURE + " is missing from the test resources");
            return in.readAllBytes();
        }
    }

    @Test
    void aesP12Opens() throws Exception {
        byte[] p12 = SigningFiles.p12(IDENTITY, PASSWORD, SigningFiles.AES_KEY_PROTECTION);

        P12Info info = inspector.inspect(p12, Secret.of(PASSWORD));

        assertEquals(1, info.certificates().size());
        assertEquals(IDENTITY.sha256(), info.certificates().get(0).sha256());
    }

    @Test
    void legacyRc2TripleDesP12Opens() throws Exception {
        P12Info info = inspector.inspect(legacyFixture(), Secret.of(LEGACY_PASSWORD));

        assertEquals(1, info.certificates().size());
        assertEquals("Legacy Fixture", info.certificates().get(0).commonName());
        assertEquals("LEGACYTEAM", info.certificates().get(0).team());
        assertEquals("5EC2E7", info.certificates().get(0).serialHex());
    }

    @Test
    void legacyP12WrongPasswordRejected() throws Exception {
        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(legacyFixture(), Secret.of("not-" + LEGACY_PASSWORD)));

        assertTrue(error.getMessage().contains("wrong password"), error.getMessage());
    }

    @Test
    void emptyPasswordP12Opens() throws Exception {
        byte[] p12 = SigningFiles.p12(IDENTITY, "");

        P12Info info = inspector.inspect(p12, Secret.empty());

        assertEquals(IDENTITY.sha256(), info.certificates().get(0).sha256());
    }

    @Test
    void wrongPasswordSaysSo() {
        byte[] p12 = SigningFiles.p12(IDENTITY, PASSWORD);
        String wrong = "wrong-pw-3Zt9-distinctive";

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(p12, Secret.of(wrong)));

        assertTrue(error.getMessage().contains("wrong password"), error.getMessage());
        assertFalse(error.getMessage().contains(wrong), error.getMessage());
        assertFalse(error.getMessage().contains(PASSWORD), error.getMessage());
    }

    @Test
    void wrongPasswordCauseChainHidesPassword() {
        byte[] p12 = SigningFiles.p12(IDENTITY, PASSWORD);
        String wrong = "wrong-pw-8Kd1-distinctive";

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(p12, Secret.of(wrong)));

        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            assertFalse(String.valueOf(cause.getMessage()).contains(wrong), cause.toString());
        }
    }

    @Test
    void missingPasswordForProtectedP12Rejected() {
        byte[] p12 = SigningFiles.p12(IDENTITY, PASSWORD);

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(p12, Secret.empty()));

        assertTrue(error.getMessage().contains("wrong password"), error.getMessage());
    }

    @Test
    void keylessP12SaysNoPrivateKey() {
        byte[] p12 = SigningFiles.certificateOnlyP12(IDENTITY, PASSWORD);

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(p12, Secret.of(PASSWORD)));

        assertTrue(error.getMessage().contains("no private key"), error.getMessage());
    }

    @Test
    void base64TextIsNotPkcs12() {
        byte[] text = Base64.getMimeEncoder().encode(SigningFiles.p12(IDENTITY, PASSWORD));

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(text, Secret.of(PASSWORD)));

        assertTrue(error.getMessage().contains("not a PKCS12 file"), error.getMessage());
    }

    @Test
    void truncatedP12Rejected() {
        byte[] p12 = SigningFiles.p12(IDENTITY, PASSWORD);
        byte[] half = SigningFiles.truncated(p12, p12.length / 2);

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(half, Secret.of(PASSWORD)));

        assertTrue(error.getMessage().contains("cannot be read as PKCS12"), error.getMessage());
    }

    @Test
    void truncatedP12NotCalledWrongPassword() {
        byte[] p12 = SigningFiles.p12(IDENTITY, PASSWORD);
        byte[] prefix = SigningFiles.truncated(p12, p12.length - 40);

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(prefix, Secret.of(PASSWORD)));

        assertFalse(error.getMessage().contains("wrong password"), error.getMessage());
    }

    @Test
    void tinyFileRejected() {
        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(new byte[] {0x30, 0x03}, Secret.of(PASSWORD)));

        assertTrue(error.getMessage().contains("not a PKCS12 file"), error.getMessage());
    }

    @Test
    void certificateFieldsReadCorrectly() throws Exception {
        Instant notBefore = NOW.minus(Duration.ofDays(10));
        Instant notAfter = NOW.plus(Duration.ofDays(300));
        Identity identity = SigningFiles.identity("iPhone Distribution: Fields Ltd (FGHIJ67890)", "FGHIJ67890",
                new BigInteger("0A1B2C3D4E5F", 16), notBefore, notAfter);

        CertificateInfo info = inspector.inspect(SigningFiles.p12(identity, PASSWORD), Secret.of(PASSWORD))
                .certificates().get(0);

        assertEquals("iPhone Distribution: Fields Ltd (FGHIJ67890)", info.commonName());
        assertEquals("FGHIJ67890", info.team());
        assertEquals("A1B2C3D4E5F", info.serialHex());
        assertEquals(notBefore, info.notBefore());
        assertEquals(notAfter, info.notAfter());
        assertEquals(identity.sha256(), info.sha256());
    }

    @Test
    void missingOrganizationalUnitGivesEmptyTeam() throws Exception {
        Identity identity = SigningFiles.identity("No Team", "", NOW);

        CertificateInfo info = inspector.inspect(SigningFiles.p12(identity, PASSWORD), Secret.of(PASSWORD))
                .certificates().get(0);

        assertEquals("", info.team());
    }

    @Test
    void nonAsciiPasswordLegacyP12Opens() throws Exception {
        byte[] p12 = SigningFiles.legacyP12(IDENTITY, NON_ASCII_PASSWORD);

        P12Info info = inspector.inspect(p12, Secret.of(NON_ASCII_PASSWORD));

        assertEquals(IDENTITY.sha256(), info.certificates().get(0).sha256());
    }

    @Test
    void nonAsciiPasswordAesP12Opens(@TempDir Path temp) throws Exception {
        byte[] p12 = SigningFiles.opensslP12(temp, IDENTITY, NON_ASCII_PASSWORD);

        P12Info info = inspector.inspect(p12, Secret.of(NON_ASCII_PASSWORD));

        assertEquals(IDENTITY.sha256(), info.certificates().get(0).sha256());
    }

    @Test
    void opensslAesP12Opens(@TempDir Path temp) throws Exception {
        byte[] p12 = SigningFiles.opensslP12(temp, IDENTITY, PASSWORD);

        P12Info info = inspector.inspect(p12, Secret.of(PASSWORD));

        assertEquals(IDENTITY.sha256(), info.certificates().get(0).sha256());
    }

    @Test
    void opensslEmptyPasswordP12Opens(@TempDir Path temp) throws Exception {
        byte[] p12 = SigningFiles.opensslP12(temp, IDENTITY, "");

        P12Info info = inspector.inspect(p12, Secret.empty());

        assertEquals(IDENTITY.sha256(), info.certificates().get(0).sha256());
    }

    @Test
    void opensslKeylessP12SaysNoPrivateKey(@TempDir Path temp) throws Exception {
        byte[] p12 = SigningFiles.opensslP12(temp, IDENTITY, PASSWORD, "-nokeys");

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(p12, Secret.of(PASSWORD)));

        assertTrue(error.getMessage().contains("no private key"), error.getMessage());
    }

    @Test
    void nonAsciiCommonNameRead() throws Exception {
        Identity identity = SigningFiles.identity("Apple Development: Zoë Müller (KLMNO12345)", "KLMNO12345", NOW);

        CertificateInfo info = inspector.inspect(SigningFiles.p12(identity, PASSWORD), Secret.of(PASSWORD))
                .certificates().get(0);

        assertEquals("Apple Development: Zoë Müller (KLMNO12345)", info.commonName());
    }

    @Test
    void commonNameWithCommaRead() throws Exception {
        Identity identity = SigningFiles.identity("Apple Distribution: Example, Inc. (PQRST12345)", "PQRST12345",
                NOW);

        CertificateInfo info = inspector.inspect(SigningFiles.p12(identity, PASSWORD), Secret.of(PASSWORD))
                .certificates().get(0);

        assertEquals("Apple Distribution: Example, Inc. (PQRST12345)", info.commonName());
    }

    @Test
    void profileGivenAsP12Rejected() {
        byte[] profile = SigningFiles.Profile.of("Not A Certificate", NOW.plus(Duration.ofDays(30))).encoded();

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(profile, Secret.of(PASSWORD)));

        assertTrue(error.getMessage().contains("cannot be read as PKCS12"), error.getMessage());
    }
}
