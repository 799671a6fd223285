package io.signingsync.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.config.KeystoreCredentials;
import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import io.signingsync.testing.SigningFiles;
import io.signingsync.testing.SigningFiles.Identity;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Android keystores made in-process with the JDK's KeyStore, opened with right and wrong credentials. */
class KeystoreInspectorTest {

    private static final String STORE_PASSWORD = "store-pass-5e8a1";
    private static final String KEY_PASSWORD = "key-pass-c07d2";
    private static final String ALIAS = "upload-key-alias";
    private static final Identity IDENTITY = SigningFiles.identity("Android Upload Key", "", Instant.now());

    @TempDir
    Path temp;

    /** Writes a keystore of {@code type} ("JKS" or "PKCS12") with one key entry under {@link #ALIAS}. */
    private Path keystore(String type, String storePassword, String keyPassword) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry(ALIAS, IDENTITY.keyPair().getPrivate(), keyPassword.toCharArray(),
                new Certificate[] {IDENTITY.certificate()});
        Path file = temp.resolve("release-" + type.toLowerCase(java.util.Locale.ROOT) + ".jks");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, storePassword.toCharArray());
        }
        return file;
    }

    private static KeystoreCredentials credentials(String storePassword, String alias, String keyPassword) {
        return new KeystoreCredentials(Secret.of(storePassword), Secret.of(alias), Secret.of(keyPassword));
    }

    private static void assertNoSecret(String message) {
        assertFalse(message.contains(STORE_PASSWORD), message);
        assertFalse(message.contains(KEY_PASSWORD), message);
        assertFalse(message.contains(ALIAS), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "PKCS12"})
    void rightCredentialsReturnCertificate(String type) throws Exception {
        Path file = keystore(type, STORE_PASSWORD, KEY_PASSWORD);

        CertificateInfo info = new KeystoreInspector().inspect(file, credentials(STORE_PASSWORD, ALIAS, KEY_PASSWORD));

        assertEquals("Android Upload Key", info.commonName());
        assertEquals(IDENTITY.certificate().getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT),
                info.serialHex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "PKCS12"})
    void wrongStorePasswordNamesInput(String type) throws Exception {
        Path file = keystore(type, STORE_PASSWORD, KEY_PASSWORD);

        InspectionException error = assertThrows(InspectionException.class, () -> new KeystoreInspector()
                .inspect(file, credentials("not-the-store-password", ALIAS, KEY_PASSWORD)));

        assertTrue(error.getMessage().contains("keystore_password"), error.getMessage());
        assertTrue(error.getMessage().contains("wrong password"), error.getMessage());
        assertNoSecret(error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "PKCS12"})
    void missingAliasNamesInput(String type) throws Exception {
        Path file = keystore(type, STORE_PASSWORD, KEY_PASSWORD);

        InspectionException error = assertThrows(InspectionException.class, () -> new KeystoreInspector()
                .inspect(file, credentials(STORE_PASSWORD, "no-such-alias", KEY_PASSWORD)));

        assertTrue(error.getMessage().contains("no key under keystore_alias"), error.getMessage());
        assertTrue(error.getMessage().contains("holds 1 key"), error.getMessage());
        assertFalse(error.getMessage().contains("no-such-alias"), error.getMessage());
        assertNoSecret(error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "PKCS12"})
    void wrongKeyPasswordNamesInput(String type) throws Exception {
        Path file = keystore(type, STORE_PASSWORD, KEY_PASSWORD);

        InspectionException error = assertThrows(InspectionException.class, () -> new KeystoreInspector()
                .inspect(file, credentials(STORE_PASSWORD, ALIAS, "not-the-key-password")));

        assertTrue(error.getMessage().contains("keystore_private_key_password"), error.getMessage());
        assertNoSecret(error.getMessage());
    }

    @Test
    void sharedPasswordOpensPkcs12() throws Exception {
        Path file = keystore("PKCS12", STORE_PASSWORD, STORE_PASSWORD);

        CertificateInfo info = new KeystoreInspector()
                .inspect(file, credentials(STORE_PASSWORD, ALIAS, STORE_PASSWORD));

        assertEquals("Android Upload Key", info.commonName());
    }

    @Test
    void certificateOnlyEntryIsNoKey() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry(ALIAS, IDENTITY.certificate());
        Path file = temp.resolve("trust.keystore");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }

        InspectionException error = assertThrows(InspectionException.class, () -> new KeystoreInspector()
                .inspect(file, credentials(STORE_PASSWORD, ALIAS, KEY_PASSWORD)));

        assertTrue(error.getMessage().contains("holds 0 keys"), error.getMessage());
    }

    @Test
    void textFileIsNotKeystore() throws Exception {
        Path file = Files.writeString(temp.resolve("notes.jks"), "this is not a keystore", StandardCharsets.UTF_8);

        InspectionException error = assertThrows(InspectionException.class, () -> new KeystoreInspector()
                .inspect(file, credentials(STORE_PASSWORD, ALIAS, KEY_PASSWORD)));

        assertTrue(error.getMessage().contains("cannot be read as a JKS or PKCS12 keystore"), error.getMessage());
    }

    @Test
    void fileInspectorRejectsMissingCredentialsByName() throws Exception {
        Path file = keystore("JKS", STORE_PASSWORD, KEY_PASSWORD);
        LocalFile local = new LocalFile(file, "release.jks", "release.jks", FileKind.ANDROID_KEYSTORE,
                Files.size(file), SigningFiles.sha256(Files.readAllBytes(file)));
        KeystoreCredentials onlyPassword = new KeystoreCredentials(Secret.of(STORE_PASSWORD), Secret.empty(),
                Secret.empty());

        List<Inspection> inspections = new FileInspector(Clock.fixed(Instant.now(), ZoneOffset.UTC), false, 30,
                name -> Secret.empty(), onlyPassword).inspect(List.of(local));

        String rejection = inspections.get(0).rejection();
        assertTrue(rejection.contains("set keystore_alias, keystore_private_key_password"), rejection);
        assertFalse(rejection.contains("set keystore_password"), rejection);
    }

    @Test
    void fileInspectorAcceptsRightCredentials() throws Exception {
        Path file = keystore("PKCS12", STORE_PASSWORD, KEY_PASSWORD);
        LocalFile local = new LocalFile(file, "release.jks", "release.jks", FileKind.ANDROID_KEYSTORE,
                Files.size(file), SigningFiles.sha256(Files.readAllBytes(file)));

        List<Inspection> inspections = new FileInspector(Clock.fixed(Instant.now(), ZoneOffset.UTC), false, 30,
                name -> Secret.empty(), credentials(STORE_PASSWORD, ALIAS, KEY_PASSWORD)).inspect(List.of(local));

        assertNull(inspections.get(0).rejection());
        assertTrue(inspections.get(0).identity().startsWith("Android Upload Key (serial "),
                inspections.get(0).identity());
    }
}
