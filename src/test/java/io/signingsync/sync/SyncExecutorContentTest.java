package io.signingsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.PendingUpload;
import io.signingsync.api.PresignedUrl;
import io.signingsync.api.RemoteDownload;
import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.inspect.Inspection;
import io.signingsync.plan.DesiredFlags;
import io.signingsync.plan.FilePlan;
import io.signingsync.plan.Planner;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import io.signingsync.testing.SigningFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/** Byte comparison with remote records, changed records, rejected files and the dry-run texts. */
@ExtendWith(MockitoExtension.class)
class SyncExecutorContentTest {

    private static final FileKind CERT = FileKind.BUILD_CERTIFICATE;
    private static final DesiredFlags DEFAULT_FLAGS = new DesiredFlags(true, false, Secret.empty());
    private static final byte[] CONTENT = "local p12 bytes, compared byte for byte".getBytes(StandardCharsets.UTF_8);

    @Mock
    BitriseApi api;

    @TempDir
    Path folder;

    private LocalFile file;

    @BeforeEach
    void writeLocalFile() {
        file = SigningFiles.localFile(SigningFiles.write(folder, "Dist.p12", CONTENT));
    }

    private RemoteFile record(String slug, String name) {
        return new RemoteFile(CERT, slug, name, file.sizeBytes(), true, true, false, Secret.empty(), null);
    }

    private static PresignedUrl downloadUrl(String slug) {
        return new PresignedUrl("https://s3.example.test/bucket/" + slug + "?X-Amz-Signature=abc");
    }

    private void serve(RemoteFile candidate, byte[] bytes) {
        PresignedUrl url = downloadUrl(candidate.slug());
        when(api.show(CERT, candidate.slug())).thenReturn(new RemoteDownload(candidate, url));
        when(api.download(url)).thenReturn(bytes);
    }

    private void acceptUpload(String slug) {
        PendingUpload pending = new PendingUpload(
                new RemoteFile(CERT, slug, "Dist.p12", file.sizeBytes(), false, true, false, null, null),
                new PresignedUrl("https://s3.example.test/bucket/" + slug + "?X-Amz-Signature=abc"));
        when(api.create(CERT, "Dist.p12", file.sizeBytes())).thenReturn(pending);
        when(api.confirm(CERT, slug)).thenReturn(record(slug, "Dist.p12"));
    }

    private List<FilePlan> verifyPlan(RemoteFile... candidates) {
        List<FilePlan> plans = Planner.plan(List.of(Inspection.notInspected(file)), Map.of(CERT, List.of(candidates)),
                DEFAULT_FLAGS, true);
        assertEquals(FilePlan.Action.VERIFY, plans.get(0).action());
        return plans;
    }

    private FileResult executeOne(List<FilePlan> plans, boolean replaceChanged) {
        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS, replaceChanged, 1).execute(plans);
        assertEquals(1, results.size());
        return results.get(0);
    }

    private static String actions(FileResult result) {
        return String.join("; ", result.actions());
    }

    // Verify by download.

    @Test
    void equalBytesKeepCandidate() {
        RemoteFile candidate = record("slug-c", "Dist.p12");
        serve(candidate, CONTENT.clone());

        FileResult result = executeOne(verifyPlan(candidate), false);

        verify(api, never()).create(any(), any(), anyLong());
        assertEquals(FileResult.Outcome.ALREADY_ON_BITRISE, result.outcome());
        assertEquals("slug-c", result.slug());
    }

    @Test
    void differentBytesUploadAndKeepOld() {
        RemoteFile candidate = record("slug-c", "Dist.p12");
        serve(candidate, "other bytes of the same length, not equal!".substring(0, CONTENT.length)
                .getBytes(StandardCharsets.UTF_8));
        acceptUpload("slug-new");

        FileResult result = executeOne(verifyPlan(candidate), false);

        verify(api, never()).delete(any(), any());
        assertEquals(FileResult.Outcome.UPLOADED, result.outcome());
        assertEquals("slug-new", result.slug());
        assertTrue(actions(result).contains("kept old record slug-c"), actions(result));
        assertTrue(actions(result).contains("replace_changed"), actions(result));
    }

    @Test
    void replaceChangedDeletesAfterConfirm() {
        RemoteFile candidate = record("slug-c", "Dist.p12");
        serve(candidate, new byte[CONTENT.length]);
        acceptUpload("slug-new");

        FileResult result = executeOne(verifyPlan(candidate), true);

        InOrder order = inOrder(api);
        order.verify(api).confirm(CERT, "slug-new");
        order.verify(api).delete(CERT, "slug-c");
        assertEquals("slug-new", result.slug());
        assertTrue(actions(result).contains("deleted old record slug-c"), actions(result));
    }

    @Test
    void replaceChangedKeepsOldWhenUploadFails() {
        RemoteFile candidate = record("slug-c", "Dist.p12");
        serve(candidate, new byte[CONTENT.length]);
        when(api.create(CERT, "Dist.p12", file.sizeBytes())).thenThrow(new ApiException("POST", "/x", 500, "boom"));

        FileResult result = executeOne(verifyPlan(candidate), true);

        verify(api, never()).delete(CERT, "slug-c");
        assertEquals(FileResult.Outcome.FAILED, result.outcome());
    }

    @Test
    void missingDownloadUrlSkipsCandidate() {
        RemoteFile hidden = record("slug-hidden", "Dist.p12");
        RemoteFile visible = record("slug-shown", "Dist.p12");
        when(api.show(CERT, "slug-hidden")).thenReturn(new RemoteDownload(hidden, null));
        serve(visible, CONTENT.clone());

        FileResult result = executeOne(verifyPlan(hidden, visible), false);

        verify(api, times(1)).download(any());
        assertEquals("slug-shown", result.slug());
        assertTrue(actions(result).contains("could not compare with slug-hidden"), actions(result));
    }

    @Test
    void skippedCandidateNotCalledChanged() {
        RemoteFile hidden = record("slug-hidden", "Dist.p12");
        when(api.show(CERT, "slug-hidden")).thenReturn(new RemoteDownload(hidden, null));
        acceptUpload("slug-new");

        FileResult result = executeOne(verifyPlan(hidden), true);

        verify(api, never()).delete(CERT, "slug-hidden");
        assertEquals(FileResult.Outcome.UPLOADED, result.outcome());
    }

    // Plans that need no comparison.

    @Test
    void rejectedFileCallsNoApi() {
        Inspection rejected = new Inspection(file, "", null, "expired on 2020-01-01", List.of(), List.of(),
                List.of());
        List<FilePlan> plans = Planner.plan(List.of(rejected), Map.of(CERT, List.of(record("slug-1", "Dist.p12"))),
                DEFAULT_FLAGS, true);

        FileResult result = executeOne(plans, true);

        verifyNoInteractions(api);
        assertEquals(FileResult.Outcome.REJECTED, result.outcome());
        assertEquals("expired on 2020-01-01", result.error());
        assertNull(result.slug());
    }

    @Test
    void otherNameMatchNamedInAction() {
        RemoteFile original = new RemoteFile(CERT, "slug-o", "Original.p12", file.sizeBytes(), true, true, false,
                Secret.empty(), file.sha256());
        List<FilePlan> plans = Planner.plan(List.of(Inspection.notInspected(file)), Map.of(CERT, List.of(original)),
                DEFAULT_FLAGS, false);

        FileResult result = executeOne(plans, false);

        assertEquals("slug-o", result.slug());
        assertEquals(List.of("already on Bitrise as Original.p12"), result.actions());
    }

    /** Names are compared in NFC everywhere else, so a decomposed remote name is the same name. */
    @Test
    void decomposedSameNameNotCalledOther() {
        LocalFile composed = SigningFiles.localFile(SigningFiles.write(folder, "Caf\u00e9.p12", CONTENT));
        RemoteFile decomposed = new RemoteFile(CERT, "slug-d", "Cafe\u0301.p12", composed.sizeBytes(), true, true,
                false, Secret.empty(), null);
        List<FilePlan> plans = Planner.plan(List.of(Inspection.notInspected(composed)),
                Map.of(CERT, List.of(decomposed)), DEFAULT_FLAGS, false);

        FileResult result = executeOne(plans, false);

        assertEquals("slug-d", result.slug());
        assertEquals(List.of(), result.actions());
    }

    @Test
    void inspectionWarningsReachResult() {
        Inspection warned = new Inspection(file, "CN (serial 1)", null, null, List.of("expires on 2030-01-01, in 5 days"),
                List.of(), List.of());
        List<FilePlan> plans = Planner.plan(List.of(warned), Map.of(CERT, List.of(record("slug-1", "Dist.p12"))),
                DEFAULT_FLAGS, false);

        FileResult result = executeOne(plans, false);

        assertEquals(List.of("expires on 2030-01-01, in 5 days"), result.warnings());
        assertEquals(warned, result.inspection());
    }

    // Dry run.

    @Test
    void dryRunDescribesVerify() {
        FileResult result = SyncExecutor.dryRun(verifyPlan(record("slug-c", "Dist.p12")), false).get(0);

        assertEquals(FileResult.Outcome.PLANNED_VERIFY, result.outcome());
        assertTrue(actions(result).contains("compare bytes with slug-c"), actions(result));
        assertNull(result.slug());
    }

    @Test
    void dryRunDescribesReject() {
        Inspection rejected = new Inspection(file, "", null, "contains no private key", List.of(), List.of(),
                List.of());
        List<FilePlan> plans = Planner.plan(List.of(rejected), Map.of(), DEFAULT_FLAGS, false);

        FileResult result = SyncExecutor.dryRun(plans, false).get(0);

        assertEquals(FileResult.Outcome.REJECTED, result.outcome());
        assertEquals("contains no private key", result.error());
    }

    @Test
    void dryRunDescribesReplace() {
        RemoteFile old = new RemoteFile(CERT, "slug-old", "Dist.p12", file.sizeBytes() + 1, true, true, false,
                Secret.empty(), null);
        List<FilePlan> plans = Planner.plan(List.of(Inspection.notInspected(file)), Map.of(CERT, List.of(old)),
                DEFAULT_FLAGS, false);

        FileResult replacing = SyncExecutor.dryRun(plans, true).get(0);
        FileResult keeping = SyncExecutor.dryRun(plans, false).get(0);

        assertEquals(FileResult.Outcome.PLANNED_UPLOAD, replacing.outcome());
        assertTrue(actions(replacing).contains("delete old record slug-old"), actions(replacing));
        assertTrue(actions(keeping).contains("keep old record slug-old"), actions(keeping));
        assertFalse(actions(keeping).contains("delete"), actions(keeping));
    }

    @Test
    void dryRunNamesOtherRecordName() {
        RemoteFile original = new RemoteFile(CERT, "slug-o", "Original.p12", file.sizeBytes(), true, true, false,
                Secret.empty(), file.sha256());
        List<FilePlan> plans = Planner.plan(List.of(Inspection.notInspected(file)), Map.of(CERT, List.of(original)),
                DEFAULT_FLAGS, false);

        FileResult result = SyncExecutor.dryRun(plans, false).get(0);

        assertEquals("slug-o", result.slug());
        assertTrue(actions(result).contains("already on Bitrise as Original.p12"), actions(result));
    }
}
