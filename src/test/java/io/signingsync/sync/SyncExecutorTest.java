package io.signingsync.sync;

import static org.mockito.Mockito.times;
import static org.mockito.ArgumentMatchers.anyLong;
import io.signingsync.api.UploadUrlExpiredException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.FlagUpdate;
import io.signingsync.api.PendingUpload;
import io.signingsync.api.PresignedUrl;
import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.plan.DesiredFlags;
import io.signingsync.plan.FilePlan;
import io.signingsync.plan.Planner;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class SyncExecutorTest {

    private static final FileKind CERT = FileKind.BUILD_CERTIFICATE;
    private static final DesiredFlags DEFAULT_FLAGS = new DesiredFlags(true, false, Secret.empty());

    @Mock
    BitriseApi api;

    private static LocalFile certificate(String name, long size) {
        return new LocalFile(Path.of("/signing", name), name, name, CERT, size, "0".repeat(64));
    }

    private static RemoteFile record(String slug, String name, long size, boolean processed) {
        return new RemoteFile(CERT, slug, name, size, processed, true, false, Secret.empty(), null);
    }

    private static PendingUpload pending(String slug, String name, long size) {
        return new PendingUpload(record(slug, name, size, false),
                new PresignedUrl("https://s3.example.test/bucket/" + slug + "?X-Amz-Signature=abc"));
    }

    private static List<FilePlan> plan(List<LocalFile> files, List<RemoteFile> remote, DesiredFlags desired) {
        return Planner.plan(files, Map.of(CERT, remote), desired);
    }

    @Test
    void uploadCreatesPutsConfirmsInOrder() {
        LocalFile file = certificate("Dist.p12", 42);
        DesiredFlags desired = new DesiredFlags(false, true, Secret.of("pw-1"));
        PendingUpload pending = pending("new-slug", "Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenReturn(pending);
        when(api.confirm(CERT, "new-slug")).thenReturn(record("new-slug", "Dist.p12", 42, true));

        List<FileResult> results = new SyncExecutor(api, desired).execute(plan(List.of(file), List.of(), desired));

        InOrder order = inOrder(api);
        order.verify(api).create(CERT, "Dist.p12", 42);
        order.verify(api).upload(pending, file.path(), 42);
        order.verify(api).confirm(CERT, "new-slug");
        order.verify(api).update(CERT, "new-slug", new FlagUpdate(false, Secret.of("pw-1"), null));
        order.verify(api).update(CERT, "new-slug", new FlagUpdate(null, null, true));
        verifyNoMoreInteractions(api);
        assertEquals(FileResult.Outcome.UPLOADED, results.get(0).outcome());
        assertEquals("new-slug", results.get(0).slug());
    }

    @Test
    void defaultFlagsUploadSendsNoPatch() {
        LocalFile file = certificate("Dist.p12", 42);
        PendingUpload pending = pending("new-slug", "Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenReturn(pending);
        when(api.confirm(CERT, "new-slug")).thenReturn(record("new-slug", "Dist.p12", 42, true));

        new SyncExecutor(api, DEFAULT_FLAGS).execute(plan(List.of(file), List.of(), DEFAULT_FLAGS));

        verify(api, never()).update(any(), any(), any());
    }

    @Test
    void putFailureDeletesNewRecord() {
        LocalFile file = certificate("Dist.p12", 42);
        PendingUpload pending = pending("new-slug", "Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenReturn(pending);
        doThrow(new ApiException("PUT", "/bucket/new-slug", 403, "AccessDenied"))
                .when(api).upload(pending, file.path(), 42);

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(), DEFAULT_FLAGS));

        verify(api).delete(CERT, "new-slug");
        verify(api, never()).confirm(any(), any());
        assertEquals(FileResult.Outcome.FAILED, results.get(0).outcome());
        assertNull(results.get(0).slug());
        assertTrue(results.get(0).error().contains("AccessDenied"), results.get(0).error());
    }

    @Test
    void confirmFailureDeletesNewRecord() {
        LocalFile file = certificate("Dist.p12", 42);
        PendingUpload pending = pending("new-slug", "Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenReturn(pending);
        when(api.confirm(CERT, "new-slug")).thenThrow(new ApiException("POST", "/uploaded", 500, "boom"));

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(), DEFAULT_FLAGS));

        verify(api).delete(CERT, "new-slug");
        verify(api, never()).update(any(), any(), any());
        assertEquals(FileResult.Outcome.FAILED, results.get(0).outcome());
    }

    @Test
    void failedCleanupNamedInError() {
        LocalFile file = certificate("Dist.p12", 42);
        PendingUpload pending = pending("new-slug", "Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenReturn(pending);
        doThrow(new ApiException("PUT", "/bucket/new-slug", 403, "AccessDenied"))
                .when(api).upload(pending, file.path(), 42);
        doThrow(new ApiException("DELETE", "/x", 500, "down")).when(api).delete(CERT, "new-slug");

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(), DEFAULT_FLAGS));

        assertEquals(FileResult.Outcome.FAILED, results.get(0).outcome());
        assertTrue(results.get(0).error().contains("AccessDenied"), results.get(0).error());
        assertTrue(results.get(0).error().contains("new-slug could not be deleted"), results.get(0).error());
    }

    @Test
    void createFailureDeletesNothing() {
        LocalFile file = certificate("Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenThrow(new ApiException("POST", "/x", 422, "invalid"));

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(), DEFAULT_FLAGS));

        verify(api, never()).delete(any(), any());
        assertEquals(FileResult.Outcome.FAILED, results.get(0).outcome());
    }

    @Test
    void failureDoesNotStopNextFile() {
        LocalFile first = certificate("A.p12", 10);
        LocalFile second = certificate("B.p12", 20);
        when(api.create(CERT, "A.p12", 10)).thenThrow(new ApiException("POST", "/x", 500, "boom"));
        when(api.create(CERT, "B.p12", 20)).thenReturn(pending("slug-b", "B.p12", 20));
        when(api.confirm(CERT, "slug-b")).thenReturn(record("slug-b", "B.p12", 20, true));

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(first, second), List.of(), DEFAULT_FLAGS));

        assertEquals(2, results.size());
        assertEquals(FileResult.Outcome.FAILED, results.get(0).outcome());
        assertEquals(FileResult.Outcome.UPLOADED, results.get(1).outcome());
        assertEquals("slug-b", results.get(1).slug());
    }

    @Test
    void leftoversDeletedBeforeUpload() {
        LocalFile file = certificate("Dist.p12", 42);
        RemoteFile leftover = record("old-unfinished", "Dist.p12", 42, false);
        PendingUpload pending = pending("new-slug", "Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenReturn(pending);
        when(api.confirm(CERT, "new-slug")).thenReturn(record("new-slug", "Dist.p12", 42, true));

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(leftover), DEFAULT_FLAGS));

        InOrder order = inOrder(api);
        order.verify(api).delete(CERT, "old-unfinished");
        order.verify(api).create(CERT, "Dist.p12", 42);
        assertEquals(FileResult.Outcome.UPLOADED, results.get(0).outcome());
    }

    @Test
    void leftoverDeleteFailureOnlyWarns() {
        LocalFile file = certificate("Dist.p12", 42);
        RemoteFile done = record("done-slug", "Dist.p12", 42, true);
        RemoteFile leftover = record("old-unfinished", "Dist.p12", 42, false);
        doThrow(new ApiException("DELETE", "/x", 500, "down")).when(api).delete(CERT, "old-unfinished");

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(done, leftover), DEFAULT_FLAGS));

        assertEquals(FileResult.Outcome.ALREADY_ON_BITRISE, results.get(0).outcome());
        assertEquals(1, results.get(0).warnings().size());
        assertTrue(results.get(0).warnings().get(0).contains("old-unfinished"), results.get(0).warnings().get(0));
    }

    @Test
    void syncedFileMakesNoApiCall() {
        LocalFile file = certificate("Dist.p12", 42);
        RemoteFile done = record("done-slug", "Dist.p12", 42, true);

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(done), DEFAULT_FLAGS));

        verifyNoMoreInteractions(api);
        assertEquals(FileResult.Outcome.ALREADY_ON_BITRISE, results.get(0).outcome());
        assertEquals("done-slug", results.get(0).slug());
        assertEquals(List.of(), results.get(0).actions());
    }

    @Test
    void syncedFileWrongFlagsPatched() {
        LocalFile file = certificate("Dist.p12", 42);
        RemoteFile done = record("done-slug", "Dist.p12", 42, true);
        DesiredFlags desired = new DesiredFlags(false, false, Secret.empty());

        List<FileResult> results = new SyncExecutor(api, desired).execute(plan(List.of(file), List.of(done), desired));

        verify(api).update(CERT, "done-slug", new FlagUpdate(false, null, null));
        verifyNoMoreInteractions(api);
        assertEquals(FileResult.Outcome.ALREADY_ON_BITRISE, results.get(0).outcome());
    }

    @Test
    void dryRunListsPlannedActions() {
        LocalFile file = certificate("Dist.p12", 42);
        RemoteFile leftover = record("old-unfinished", "Dist.p12", 42, false);
        List<FilePlan> plans = plan(List.of(file), List.of(leftover), DEFAULT_FLAGS);

        List<FileResult> results = SyncExecutor.dryRun(plans, false);

        assertEquals(FileResult.Outcome.PLANNED_UPLOAD, results.get(0).outcome());
        assertNull(results.get(0).slug());
        assertEquals(List.of("delete unfinished upload old-unfinished", "upload 42 bytes"), results.get(0).actions());
    }

    @Test
    void dryRunKeepsExistingSlug() {
        LocalFile file = certificate("Dist.p12", 42);
        RemoteFile done = record("done-slug", "Dist.p12", 42, true);
        DesiredFlags desired = new DesiredFlags(true, true, Secret.empty());

        List<FileResult> results = SyncExecutor.dryRun(plan(List.of(file), List.of(done), desired), false);

        assertEquals(FileResult.Outcome.PLANNED_ALREADY_ON_BITRISE, results.get(0).outcome());
        assertEquals("done-slug", results.get(0).slug());
        assertEquals(List.of("keep done-slug", "set is_protected=yes"), results.get(0).actions());
        assertFalse(results.get(0).synced());
    }

    @Test
    void expiredUploadUrlGetsNewRecord() {
        LocalFile file = certificate("Dist.p12", 42);
        PendingUpload first = pending("first", "Dist.p12", 42);
        PendingUpload second = pending("second", "Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenReturn(first, second);
        doThrow(new UploadUrlExpiredException("/bucket/first", 403, "AccessDenied (Request has expired)"))
                .when(api).upload(first, file.path(), 42);
        when(api.confirm(CERT, "second")).thenReturn(record("second", "Dist.p12", 42, true));

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(), DEFAULT_FLAGS));

        InOrder order = inOrder(api);
        order.verify(api).upload(first, file.path(), 42);
        order.verify(api).delete(CERT, "first");
        order.verify(api).upload(second, file.path(), 42);
        order.verify(api).confirm(CERT, "second");
        assertEquals(FileResult.Outcome.UPLOADED, results.get(0).outcome());
        assertEquals("second", results.get(0).slug());
    }

    @Test
    void expiringUrlsGiveUpAfterRounds() {
        LocalFile file = certificate("Dist.p12", 42);
        when(api.create(CERT, "Dist.p12", 42)).thenReturn(pending("s", "Dist.p12", 42));
        doThrow(new UploadUrlExpiredException("/bucket/s", ApiException.NO_RESPONSE, "expires too soon"))
                .when(api).upload(any(), any(), anyLong());

        List<FileResult> results = new SyncExecutor(api, DEFAULT_FLAGS)
                .execute(plan(List.of(file), List.of(), DEFAULT_FLAGS));

        verify(api, times(SyncExecutor.MAX_UPLOAD_ROUNDS)).create(CERT, "Dist.p12", 42);
        verify(api, times(SyncExecutor.MAX_UPLOAD_ROUNDS)).delete(CERT, "s");
        assertEquals(FileResult.Outcome.FAILED, results.get(0).outcome());
        assertTrue(results.get(0).error().contains("gave up after 3 upload URLs"), results.get(0).error());
    }
}
