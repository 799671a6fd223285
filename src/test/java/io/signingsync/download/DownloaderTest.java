package io.signingsync.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.PresignedUrl;
import io.signingsync.api.RemoteDownload;
import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;
import io.signingsync.testing.SigningFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloader with a mocked API and a real folder: writes, overwrite rules, checks and safe names. */
class DownloaderTest {

    private static final FileKind CERT = FileKind.BUILD_CERTIFICATE;
    private static final FileKind PROFILE = FileKind.PROVISIONING_PROFILE;

    @TempDir
    Path temp;

    private Path folder;
    private final BitriseApi api = mock(BitriseApi.class);

    @BeforeEach
    void createFolder() throws IOException {
        folder = Files.createDirectories(temp.resolve("signing"));
    }

    private static RemoteFile record(FileKind kind, String slug, String name, byte[] bytes) {
        return new RemoteFile(kind, slug, name, bytes.length, true, true, false, null, null);
    }

    /** Makes the API serve {@code bytes} for the record, with the password the show endpoint returns. */
    private void serve(RemoteFile record, byte[] bytes, String password) {
        PresignedUrl url = new PresignedUrl("https://s3.example.test/" + record.slug() + "?X-Amz-Signature=abc");
        RemoteFile shown = new RemoteFile(record.kind(), record.slug(), record.uploadFileName(), record.uploadFileSize(),
                true, record.isExpose(), false, password == null ? null : Secret.of(password), record.fileSha256());
        when(api.show(record.kind(), record.slug())).thenReturn(new RemoteDownload(shown, url));
        when(api.download(url)).thenReturn(bytes);
    }

    private List<DownloadResult> download(boolean overwrite, RemoteFile... records) {
        return new Downloader(api, folder, overwrite).download(List.of(records));
    }

    private List<String> folderEntries() throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadWritesBytesOwnerOnly() throws IOException {
        byte[] bytes = "certificate bytes".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = record(CERT, "cert-1", "Dist.p12", bytes);
        serve(record, bytes, "stored-password");

        List<DownloadResult> results = download(false, record);

        assertEquals(1, results.size());
        DownloadResult result = results.get(0);
        assertEquals(DownloadResult.Outcome.DOWNLOADED, result.outcome());
        assertEquals(folder.resolve("Dist.p12"), result.path());
        assertArrayEquals(bytes, Files.readAllBytes(folder.resolve("Dist.p12")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(result.path())));
        assertEquals("stored-password", result.certificatePassword().reveal());
        assertEquals(List.of("Dist.p12"), folderEntries(), "no temporary file is left behind");
    }

    @Test
    void sameLocalBytesAreLeftAlone() throws IOException {
        byte[] bytes = "profile bytes".getBytes(StandardCharsets.UTF_8);
        Path local = SigningFiles.write(folder, "App.mobileprovision", bytes);
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(local, before);
        RemoteFile record = record(PROFILE, "prof-1", "App.mobileprovision", bytes);
        serve(record, bytes, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.ALREADY_HERE, result.outcome());
        assertTrue(result.present());
        assertEquals(before, Files.getLastModifiedTime(local), "the file was not rewritten");
    }

    @Test
    void differentLocalFileIsNotOverwritten() throws IOException {
        byte[] remote = "remote bytes".getBytes(StandardCharsets.UTF_8);
        byte[] localBytes = "local edit".getBytes(StandardCharsets.UTF_8);
        SigningFiles.write(folder, "App.mobileprovision", localBytes);
        RemoteFile record = record(PROFILE, "prof-1", "App.mobileprovision", remote);
        serve(record, remote, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.CONFLICT, result.outcome());
        assertTrue(result.unsuccessful());
        assertFalse(result.present());
        assertTrue(result.note().contains("overwrite: yes"), result.note());
        assertArrayEquals(localBytes, Files.readAllBytes(folder.resolve("App.mobileprovision")));
        assertEquals(List.of("App.mobileprovision"), folderEntries());
    }

    @Test
    void overwriteReplacesDifferentLocalFile() throws IOException {
        byte[] remote = "remote bytes".getBytes(StandardCharsets.UTF_8);
        Path local = SigningFiles.write(folder, "App.mobileprovision", "local edit".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rw-r--r--"));
        RemoteFile record = record(PROFILE, "prof-1", "App.mobileprovision", remote);
        serve(record, remote, null);

        DownloadResult result = download(true, record).get(0);

        assertEquals(DownloadResult.Outcome.DOWNLOADED, result.outcome());
        assertArrayEquals(remote, Files.readAllBytes(local));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(local)));
    }

    @Test
    void protectedRecordIsSkippedWithReason() {
        RemoteFile record = new RemoteFile(CERT, "cert-p", "Locked.p12", 10, true, true, true, null, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.SKIPPED, result.outcome());
        assertFalse(result.unsuccessful());
        assertTrue(result.note().contains("protected"), result.note());
        assertNull(result.path());
        verify(api, never()).show(any(), any());
    }

    @Test
    void unprocessedRecordIsSkippedUnshown() {
        RemoteFile record = new RemoteFile(CERT, "cert-u", "Half.p12", 10, false, true, false, null, null);

        List<DownloadResult> results = download(false, record);

        assertEquals(1, results.size());
        assertEquals(DownloadResult.Outcome.SKIPPED, results.get(0).outcome());
        assertTrue(results.get(0).note().contains("never finished"), results.get(0).note());
        verify(api, never()).show(any(), any());
    }

    @Test
    void sizeMismatchWritesNothing() throws IOException {
        byte[] served = "only part of it".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = new RemoteFile(CERT, "cert-1", "Dist.p12", served.length + 100, true, true, false, null,
                null);
        serve(record, served, "stored-password");

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.FAILED, result.outcome());
        assertTrue(result.note().contains("downloaded " + served.length + " bytes"), result.note());
        assertNull(result.certificatePassword());
        assertEquals(List.of(), folderEntries(), "neither the file nor a temporary file is left");
    }

    @Test
    void zeroSizeRecordAsksForNewUpload() throws IOException {
        byte[] served = "real bytes".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = new RemoteFile(CERT, "cert-1", "Dist.p12", 0, true, true, false, null, null);
        serve(record, served, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.FAILED, result.outcome());
        assertTrue(result.note().contains("Bitrise lists 0 for this record"), result.note());
        assertTrue(result.note().contains("Upload the file again"), result.note());
        assertFalse(result.note().contains("Run the download again"), result.note());
        assertEquals(List.of(), folderEntries());
    }

    @Test
    void sizeMismatchKeepsExistingLocalFile() throws IOException {
        byte[] localBytes = "the old local file".getBytes(StandardCharsets.UTF_8);
        SigningFiles.write(folder, "Dist.p12", localBytes);
        byte[] served = "short".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = new RemoteFile(CERT, "cert-1", "Dist.p12", 4096, true, true, false, null, null);
        serve(record, served, null);

        DownloadResult result = new Downloader(api, folder, true).download(List.of(record)).get(0);

        assertEquals(DownloadResult.Outcome.FAILED, result.outcome());
        assertArrayEquals(localBytes, Files.readAllBytes(folder.resolve("Dist.p12")));
        assertEquals(List.of("Dist.p12"), folderEntries());
    }

    @Test
    void sha256MismatchWritesNothing() throws IOException {
        byte[] served = "tampered".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = new RemoteFile(CERT, "cert-1", "Dist.p12", served.length, true, true, false, null,
                "0".repeat(64));
        serve(record, served, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.FAILED, result.outcome());
        assertTrue(result.note().contains("file_sha256"), result.note());
        assertEquals(List.of(), folderEntries());
    }

    @Test
    void matchingSha256IsAccepted() throws IOException {
        byte[] served = "exact bytes".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = new RemoteFile(CERT, "cert-1", "Dist.p12", served.length, true, true, false, null,
                SigningFiles.sha256(served));
        serve(record, served, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.DOWNLOADED, result.outcome());
        assertArrayEquals(served, Files.readAllBytes(folder.resolve("Dist.p12")));
    }

    @Test
    void missingDownloadUrlFails() {
        RemoteFile record = record(CERT, "cert-1", "Dist.p12", new byte[3]);
        when(api.show(CERT, "cert-1")).thenReturn(new RemoteDownload(record, null));

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.FAILED, result.outcome());
        assertTrue(result.note().contains("no download URL"), result.note());
    }

    @Test
    void failedDownloadDoesNotStopOthers() throws IOException {
        byte[] good = "good".getBytes(StandardCharsets.UTF_8);
        RemoteFile broken = record(CERT, "cert-1", "Broken.p12", new byte[10]);
        RemoteFile fine = record(CERT, "cert-2", "Fine.p12", good);
        when(api.show(CERT, "cert-1")).thenThrow(new ApiException("GET", "/build-certificates/cert-1", 500, "Internal Server Error"));
        serve(fine, good, null);

        List<DownloadResult> results = download(false, broken, fine);

        assertEquals(DownloadResult.Outcome.FAILED, results.get(0).outcome());
        assertEquals(DownloadResult.Outcome.DOWNLOADED, results.get(1).outcome());
        assertEquals(List.of("Fine.p12"), folderEntries());
    }

    @Test
    void parentFolderNameStaysInsideFolder() throws IOException {
        byte[] bytes = "evil".getBytes(StandardCharsets.UTF_8);
        RemoteFile slashes = record(CERT, "cert-1", "../evil.p12", bytes);
        RemoteFile backslashes = record(CERT, "cert-2", "..\\..\\other.p12", bytes);
        RemoteFile absolute = record(CERT, "cert-3", "/tmp/absolute.p12", bytes);
        serve(slashes, bytes, null);
        serve(backslashes, bytes, null);
        serve(absolute, bytes, null);

        List<DownloadResult> results = download(false, slashes, backslashes, absolute);

        assertEquals(List.of(folder.resolve("evil.p12"), folder.resolve("other.p12"), folder.resolve("absolute.p12")),
                results.stream().map(DownloadResult::path).toList());
        assertEquals(List.of("absolute.p12", "evil.p12", "other.p12"), folderEntries());
        assertFalse(Files.exists(temp.resolve("evil.p12")));
    }

    @Test
    void slugWithPathStaysInsideFolder() throws IOException {
        byte[] bytes = "escaping".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = record(CERT, "../../escaped", "..", bytes);
        serve(record, bytes, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(folder, result.path().getParent());
        assertEquals(List.of("______escaped"), folderEntries());
    }

    @Test
    void dotNamesFallBackToSlug() throws IOException {
        byte[] bytes = "dots".getBytes(StandardCharsets.UTF_8);
        RemoteFile parent = record(CERT, "cert-dotdot", "..", bytes);
        RemoteFile trailingSlash = record(CERT, "cert-slash", "folder/", bytes);
        serve(parent, bytes, null);
        serve(trailingSlash, bytes, null);

        List<DownloadResult> results = download(false, parent, trailingSlash);

        assertEquals(List.of(folder.resolve("cert-dotdot"), folder.resolve("cert-slash")),
                results.stream().map(DownloadResult::path).toList());
    }

    @Test
    void sameNameTwiceGetsSlugSuffix() throws IOException {
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second".getBytes(StandardCharsets.UTF_8);
        RemoteFile one = record(PROFILE, "slug-a", "App.mobileprovision", first);
        RemoteFile two = record(PROFILE, "slug-b", "App.mobileprovision", second);
        serve(one, first, null);
        serve(two, second, null);

        List<DownloadResult> results = download(false, one, two);

        assertEquals(folder.resolve("App-slug-b.mobileprovision"), results.get(1).path());
        assertArrayEquals(first, Files.readAllBytes(folder.resolve("App.mobileprovision")));
        assertArrayEquals(second, Files.readAllBytes(folder.resolve("App-slug-b.mobileprovision")));
    }

    @Test
    void suffixedNameTakenGetsNumber() throws IOException {
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        byte[] suffixLike = "named like a suffix".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second".getBytes(StandardCharsets.UTF_8);
        RemoteFile firstRecord = record(PROFILE, "aaaa1111", "Same.mobileprovision", first);
        RemoteFile suffixLikeRecord = record(PROFILE, "cccc3333", "Same-bbbb2222.mobileprovision", suffixLike);
        RemoteFile secondRecord = record(PROFILE, "bbbb2222", "Same.mobileprovision", second);
        serve(firstRecord, first, null);
        serve(suffixLikeRecord, suffixLike, null);
        serve(secondRecord, second, null);

        List<DownloadResult> results = download(true, firstRecord, suffixLikeRecord, secondRecord);

        assertEquals(folder.resolve("Same-bbbb2222-2.mobileprovision"), results.get(2).path());
        assertArrayEquals(suffixLike, Files.readAllBytes(folder.resolve("Same-bbbb2222.mobileprovision")));
        assertArrayEquals(second, Files.readAllBytes(folder.resolve("Same-bbbb2222-2.mobileprovision")));
        assertEquals(3, folderEntries().size());
    }

    @Test
    void namesDifferingInCaseGetSuffix() throws IOException {
        byte[] upper = "upper".getBytes(StandardCharsets.UTF_8);
        byte[] lower = "lower".getBytes(StandardCharsets.UTF_8);
        RemoteFile upperRecord = record(CERT, "slug-a", "Cert.p12", upper);
        RemoteFile lowerRecord = record(CERT, "slug-b", "cert.p12", lower);
        serve(upperRecord, upper, null);
        serve(lowerRecord, lower, null);

        List<DownloadResult> results = download(false, upperRecord, lowerRecord);

        assertEquals(folder.resolve("cert-slug-b.p12"), results.get(1).path());
        assertEquals(List.of("Cert.p12", "cert-slug-b.p12"), folderEntries());
    }

    @Test
    void emptyRecordIsNotWritten() throws IOException {
        RemoteFile record = record(CERT, "cert-0", "Zero.p12", new byte[0]);
        serve(record, new byte[0], null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.FAILED, result.outcome());
        assertTrue(result.note().contains("Bitrise lists 0 bytes for this record and served none"), result.note());
        assertEquals(List.of(), folderEntries());
    }

    @Test
    void emptyDownloadOfUnknownSizeIsNotWritten() throws IOException {
        RemoteFile record = new RemoteFile(PROFILE, "p-1", "Unknown.mobileprovision", -1, true, true, false, null, null);
        serve(record, new byte[0], null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.FAILED, result.outcome());
        assertTrue(result.note().contains("the download is empty"), result.note());
        assertEquals(List.of(), folderEntries());
    }

    @Test
    void decomposedNameIsWrittenComposed() throws IOException {
        byte[] bytes = "cafe".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = record(CERT, "cert-1", "Cafe\u0301.p12", bytes);
        serve(record, bytes, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(folder.resolve("Caf\u00e9.p12"), result.path());
    }

    @Test
    void passwordWithSeparatorFailsThatFile() throws IOException {
        byte[] served = "p12 bytes".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = new RemoteFile(CERT, "cert-p", "Pipe.p12", served.length, true, true, false, null, null);
        serve(record, served, "pa|ss-secret");

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.FAILED, result.outcome());
        assertTrue(result.note().contains("'|' or a line break"), result.note());
        assertFalse(result.note().contains("pa|ss-secret"), result.note());
    }

    @Test
    void pipeInRemoteNameBecomesUnderscore() throws IOException {
        byte[] served = "profile bytes".getBytes(StandardCharsets.UTF_8);
        RemoteFile record = new RemoteFile(FileKind.PROVISIONING_PROFILE, "prof-p", "a|b\nc.mobileprovision",
                served.length, true, true, false, null, null);
        serve(record, served, null);

        DownloadResult result = download(false, record).get(0);

        assertEquals(DownloadResult.Outcome.DOWNLOADED, result.outcome(), result.note());
        assertEquals("a_b_c.mobileprovision", result.path().getFileName().toString());
    }
}
