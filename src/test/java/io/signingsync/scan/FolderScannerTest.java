package io.signingsync.scan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.config.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderScannerTest {

    @TempDir
    Path temp;

    private Path folder;

    @BeforeEach
    void createFolder() throws IOException {
        folder = Files.createDirectories(temp.resolve("signing"));
    }

    private Path write(String relativePath, String content) throws IOException {
        Path file = folder.resolve(relativePath);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static List<String> names(ScanResult result) {
        return result.files().stream().map(LocalFile::remoteName).toList();
    }

    private ConfigurationException scanFails() {
        return assertThrows(ConfigurationException.class, () -> new FolderScanner().scan(folder));
    }

    @Test
    void scanFindsKnownExtensionsRecursively() throws Exception {
        write("ios/App.mobileprovision", "profile");
        write("mac/deep/Mac.provisionprofile", "mac profile");
        write("Dist.p12", "certificate");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of("App.mobileprovision", "Dist.p12", "Mac.provisionprofile"), names(result));
    }

    @Test
    void scanAssignsKindByExtension() throws Exception {
        write("App.mobileprovision", "profile");
        write("Mac.provisionprofile", "mac profile");
        write("Dist.p12", "certificate");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(FileKind.PROVISIONING_PROFILE, result.files().get(0).kind());
        assertEquals(FileKind.BUILD_CERTIFICATE, result.files().get(1).kind());
        assertEquals(FileKind.PROVISIONING_PROFILE, result.files().get(2).kind());
    }

    @Test
    void scanMatchesExtensionIgnoringCase() throws Exception {
        write("Upper.P12", "certificate");
        write("Mixed.MobileProvision", "profile");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of("Mixed.MobileProvision", "Upper.P12"), names(result));
        assertEquals(FileKind.PROVISIONING_PROFILE, result.files().get(0).kind());
        assertEquals(FileKind.BUILD_CERTIFICATE, result.files().get(1).kind());
    }

    @Test
    void scanSkipsHiddenFile() throws Exception {
        write(".Hidden.p12", "certificate");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of(), result.files());
        assertEquals(List.of("'.Hidden.p12' is a hidden file"), result.skipped());
    }

    @Test
    void scanSkipsHiddenFolder() throws Exception {
        write(".git/Inside.p12", "certificate");
        write("sub/.cache/Deep.mobileprovision", "profile");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of(), result.files());
        assertEquals(2, result.skipped().size());
        assertTrue(result.skipped().contains("'.git/' is a hidden folder"), result.skipped().toString());
        assertTrue(result.skipped().contains("'sub/.cache/' is a hidden folder"), result.skipped().toString());
    }

    @Test
    void scanSkipsOtherFilesWithLine() throws Exception {
        write("README.md", "notes");
        write("certs/key.pem", "pem");
        write("Real.p12", "certificate");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of("Real.p12"), names(result));
        assertEquals(2, result.skipped().size());
        assertTrue(result.skipped().stream().anyMatch(line -> line.startsWith("'README.md' is not")),
                result.skipped().toString());
        assertTrue(result.skipped().stream().anyMatch(line -> line.startsWith("'certs/key.pem' is not")),
                result.skipped().toString());
    }

    @Test
    void scanSkipsBareExtensionName() throws Exception {
        write("sub/x.p12", "certificate");
        write("sub/other.txt", "text");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of("x.p12"), names(result));
    }

    @Test
    void scanSortsByName() throws Exception {
        write("z/A.p12", "a");
        write("a/C.p12", "c");
        write("m/B.p12", "b");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of("A.p12", "B.p12", "C.p12"), names(result));
    }

    @Test
    void scanComputesSizeAndDisplayPath() throws Exception {
        Path file = write("team/Dist.p12", "twelve bytes");

        LocalFile found = new FolderScanner().scan(folder).files().get(0);

        assertEquals(12, found.sizeBytes());
        assertEquals(Path.of("team", "Dist.p12").toString(), found.displayPath());
        assertEquals(file.toRealPath(), found.path().toRealPath());
    }

    @Test
    void scanComputesSha256() throws Exception {
        byte[] content = new byte[200_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Files.write(folder.resolve("Large.p12"), content);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

        LocalFile found = new FolderScanner().scan(folder).files().get(0);

        assertEquals(expected, found.sha256());
    }

    @Test
    void scanNormalisesNamesToNfc() throws Exception {
        write("Cafe\u0301.p12", "certificate");

        LocalFile found = new FolderScanner().scan(folder).files().get(0);

        assertEquals("Caf\u00e9.p12", found.remoteName());
    }

    @Test
    void duplicateNamesListBothPaths() throws Exception {
        write("team-a/Dist.p12", "first");
        write("team-b/Dist.p12", "second");

        ConfigurationException error = scanFails();

        assertEquals(1, error.problems().size());
        assertTrue(error.getMessage().contains("'" + Path.of("team-a", "Dist.p12") + "'"), error.getMessage());
        assertTrue(error.getMessage().contains("'" + Path.of("team-b", "Dist.p12") + "'"), error.getMessage());
    }

    @Test
    void decomposedAndComposedAreDuplicates() throws Exception {
        write("one/Cafe\u0301.p12", "decomposed");
        write("two/Caf\u00e9.p12", "composed");

        ConfigurationException error = scanFails();

        assertEquals(1, error.problems().size());
        assertTrue(error.getMessage().contains("'Caf\u00e9.p12'"), error.getMessage());
    }

    @Test
    void sameNameDifferentKindsAllowed() throws Exception {
        write("App.p12", "certificate");
        write("App.mobileprovision", "profile");

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(2, result.files().size());
    }

    @Test
    void emptyFileIsError() throws Exception {
        write("sub/Empty.mobileprovision", "");

        ConfigurationException error = scanFails();

        assertEquals(1, error.problems().size());
        assertTrue(error.getMessage().contains("is empty (0 bytes)"), error.getMessage());
        assertTrue(error.getMessage().contains(Path.of("sub", "Empty.mobileprovision").toString()),
                error.getMessage());
    }

    @Test
    void symlinkInsideFolderAccepted() throws Exception {
        Path target = write("store/certificate.bin", "certificate");
        Files.createSymbolicLink(folder.resolve("Linked.p12"), target);

        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of("Linked.p12"), names(result));
        assertEquals(11, result.files().get(0).sizeBytes());
    }

    @Test
    void symlinkOutOfFolderIsError() throws Exception {
        Path outside = Files.writeString(temp.resolve("Outside.p12"), "certificate");
        Files.createSymbolicLink(folder.resolve("Escape.p12"), outside);

        ConfigurationException error = scanFails();

        assertEquals(1, error.problems().size());
        assertTrue(error.getMessage().contains("'Escape.p12' is a symbolic link that leads out"),
                error.getMessage());
    }

    @Test
    void unreadableFileIsError() throws Exception {
        Path file = write("Locked.p12", "certificate");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file),
                "permissions do not stop this user (root), so an unreadable file cannot be made");

        ConfigurationException error = scanFails();

        assertTrue(error.getMessage().contains("'Locked.p12' cannot be read"), error.getMessage());
    }

    @Test
    void emptyFolderGivesNoFiles() throws Exception {
        ScanResult result = new FolderScanner().scan(folder);

        assertEquals(List.of(), result.files());
        assertEquals(List.of(), result.skipped());
    }

    @Test
    void pipeInNameIsRejected() throws Exception {
        write("a|b.mobileprovision", "profile");

        ConfigurationException error = scanFails();

        assertTrue(error.getMessage().contains("a|b.mobileprovision"), error.getMessage());
        assertTrue(error.getMessage().contains("rename the file"), error.getMessage());
    }

    @Test
    void lineBreakInNameIsRejected() throws Exception {
        write("new\nline.p12", "certificate");

        ConfigurationException error = scanFails();

        assertTrue(error.getMessage().contains("new?line.p12"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "the message prints no raw line break");
    }
}
