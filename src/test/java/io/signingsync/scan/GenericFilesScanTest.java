package io.signingsync.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.config.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generic project files and Android keystores in the folder scan, and the env keys of generic files. */
class GenericFilesScanTest {

    @TempDir
    Path temp;

    private Path folder;

    @BeforeEach
    void createFolder() throws IOException {
        folder = Files.createDirectories(temp.resolve("signing"));
    }

    private void write(String relativePath, String content) throws IOException {
        Path file = folder.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static Map<String, LocalFile> byName(ScanResult result) {
        return result.files().stream().collect(Collectors.toMap(LocalFile::remoteName, file -> file));
    }

    @Test
    void envKeyOfUppercasesAndReplacesPunctuation() {
        assertEquals("GOOGLE_SERVICES_JSON", LocalFile.envKeyOf("google-services.json"));
        assertEquals("INFO_PLIST", LocalFile.envKeyOf("Info.plist"));
        assertEquals("MY_FILE_V2_TXT", LocalFile.envKeyOf("my file v2.txt"));
        assertEquals("A1_B2", LocalFile.envKeyOf("a1.b2"));
    }

    @Test
    void envKeyOfReplacesNonAsciiLetters() {
        assertEquals("CAF__TXT", LocalFile.envKeyOf("Caf\u00e9.txt"));
        assertEquals("__TXT", LocalFile.envKeyOf("\u00fc.txt"));
    }

    @Test
    void envKeyOfIgnoresLocale() {
        // Under a Turkish default locale "i".toUpperCase() is a dotted capital I, which is not ASCII.
        java.util.Locale original = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
        try {
            assertEquals("CONFIG_INI", LocalFile.envKeyOf("config.ini"));
        } finally {
            java.util.Locale.setDefault(original);
        }
    }

    @Test
    void genericFilesIncludedWithEnvKey() throws Exception {
        write("android/google-services.json", "{}");
        write("App.mobileprovision", "profile");

        ScanResult result = new FolderScanner().scan(folder, true);

        Map<String, LocalFile> files = byName(result);
        assertEquals(FileKind.GENERIC_PROJECT_FILE, files.get("google-services.json").kind());
        assertEquals("GOOGLE_SERVICES_JSON", files.get("google-services.json").userEnvKey());
        assertEquals(FileKind.PROVISIONING_PROFILE, files.get("App.mobileprovision").kind());
        assertNull(files.get("App.mobileprovision").userEnvKey());
    }

    @Test
    void genericFilesSkippedByDefault() throws Exception {
        write("google-services.json", "{}");

        ScanResult result = new FolderScanner().scan(folder, false);

        assertEquals(List.of(), result.files());
        assertEquals(1, result.skipped().size(), result.skipped()::toString);
        assertTrue(result.skipped().get(0).contains("google-services.json"), result.skipped()::toString);
        assertTrue(result.skipped().get(0).contains("include_generic_files: yes"), result.skipped()::toString);
    }

    @Test
    void keystoresFoundWithoutGenericFiles() throws Exception {
        write("release.jks", "jks");
        write("debug.KEYSTORE", "keystore");

        ScanResult result = new FolderScanner().scan(folder, false);

        Map<String, LocalFile> files = byName(result);
        assertEquals(FileKind.ANDROID_KEYSTORE, files.get("release.jks").kind());
        assertEquals(FileKind.ANDROID_KEYSTORE, files.get("debug.KEYSTORE").kind());
        assertNull(files.get("release.jks").userEnvKey(), "a keystore is not a generic file");
    }

    @Test
    void keystoreStaysKeystoreWithGenericFiles() throws Exception {
        write("release.jks", "jks");

        ScanResult result = new FolderScanner().scan(folder, true);

        assertEquals(FileKind.ANDROID_KEYSTORE, result.files().get(0).kind());
    }

    @Test
    void hiddenFilesStaySkippedWithGenericFiles() throws Exception {
        write(".DS_Store", "finder");
        write(".git/config", "git");
        write("notes.txt", "notes");

        ScanResult result = new FolderScanner().scan(folder, true);

        assertEquals(List.of("notes.txt"), result.files().stream().map(LocalFile::remoteName).toList());
    }

    @Test
    void clashingEnvKeysListBothPaths() throws Exception {
        write("config/google-services.json", "{\"a\":1}");
        write("google_services.json", "{\"b\":2}");

        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> new FolderScanner().scan(folder, true));

        String message = error.getMessage();
        assertTrue(message.contains("config/google-services.json"), message);
        assertTrue(message.contains("google_services.json"), message);
        assertTrue(message.contains("GOOGLE_SERVICES_JSON"), message);
    }

    @Test
    void caseOnlyClashIsReported() throws Exception {
        write("Secrets.env", "a");
        write("nested/secrets.ENV", "b");

        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> new FolderScanner().scan(folder, true));

        assertTrue(error.getMessage().contains("SECRETS_ENV"), error.getMessage());
    }

    @Test
    void clashIgnoredWhenGenericFilesExcluded() throws Exception {
        write("google-services.json", "{}");
        write("google_services.json", "{}");

        ScanResult result = new FolderScanner().scan(folder, false);

        assertEquals(List.of(), result.files());
        assertEquals(2, result.skipped().size());
    }

    @Test
    void keystoreNamesNeverClashAsEnvKeys() throws Exception {
        write("release.jks", "one");
        write("release_jks", "two");

        ScanResult result = new FolderScanner().scan(folder, true);

        assertEquals(2, result.files().size());
    }
}
