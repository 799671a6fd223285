package io.signingsync.sync;

import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.PendingUpload;
import io.signingsync.api.RemoteFile;
import io.signingsync.api.UploadUrlExpiredException;
import io.signingsync.plan.DesiredFlags;
import io.signingsync.plan.FilePlan;
import io.signingsync.plan.FlagChanges;
import io.signingsync.scan.LocalFile;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan, one file after another. A failing file never stops the others, and a record
 * created for a failed upload is deleted again, so no unprocessed record is left behind.
 */
public final class SyncExecutor {

    private static final Logger log = LoggerFactory.getLogger(SyncExecutor.class);
    /** Upload URLs tried per file before giving up; each expired one costs a create and a delete. */
    static final int MAX_UPLOAD_ROUNDS = 3;

    private final BitriseApi api;
    private final DesiredFlags desired;

    public SyncExecutor(BitriseApi api, DesiredFlags desired) {
        this.api = api;
        this.desired = desired;
    }

    public List<FileResult> execute(List<FilePlan> plans) {
        List<FileResult> results = new ArrayList<>();
        for (FilePlan plan : plans) {
            FileResult result = execute(plan);
            logResult(result);
            results.add(result);
        }
        return results;
    }

    /** Describes the plan without changing anything. */
    public static List<FileResult> dryRun(List<FilePlan> plans) {
        List<FileResult> results = new ArrayList<>();
        for (FilePlan plan : plans) {
            List<String> actions = new ArrayList<>();
            for (RemoteFile leftover : plan.leftovers()) {
                actions.add("delete unfinished upload " + leftover.slug());
            }
            boolean upload = plan.action() == FilePlan.Action.UPLOAD;
            actions.add(upload ? "upload " + plan.file().sizeBytes() + " bytes"
                    : "keep " + plan.existing().slug());
            if (!plan.flagChanges().isEmpty()) {
                actions.add("set " + plan.flagChanges().describe());
            }
            FileResult result = new FileResult(plan.file(),
                    upload ? FileResult.Outcome.PLANNED_UPLOAD : FileResult.Outcome.PLANNED_ALREADY_ON_BITRISE,
                    upload ? null : plan.existing().slug(), actions, plan.flagChanges().warnings(), null);
            logResult(result);
            results.add(result);
        }
        return results;
    }

    private FileResult execute(FilePlan plan) {
        LocalFile file = plan.file();
        List<String> actions = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            deleteLeftovers(plan, actions, warnings);
            RemoteFile current;
            FileResult.Outcome outcome;
            if (plan.action() == FilePlan.Action.UPLOAD) {
                current = upload(file);
                actions.add("uploaded " + file.sizeBytes() + " bytes as " + current.slug());
                outcome = FileResult.Outcome.UPLOADED;
            } else {
                current = plan.existing();
                outcome = FileResult.Outcome.ALREADY_ON_BITRISE;
            }
            applyFlags(current, actions, warnings);
            return new FileResult(file, outcome, current.slug(), actions, warnings, null);
        } catch (ApiException e) {
            return new FileResult(file, FileResult.Outcome.FAILED, null, actions, warnings, e.getMessage());
        }
    }

    private void deleteLeftovers(FilePlan plan, List<String> actions, List<String> warnings) {
        for (RemoteFile leftover : plan.leftovers()) {
            try {
                api.delete(leftover.kind(), leftover.slug());
                actions.add("deleted unfinished upload " + leftover.slug());
            } catch (ApiException e) {
                warnings.add("could not delete unfinished upload " + leftover.slug() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Creates, uploads and confirms; on any failure after create, deletes the new record again.
     * An expired upload URL cannot be renewed, so that record is replaced by a new one, a few times.
     */
    private RemoteFile upload(LocalFile file) {
        for (int round = 1; ; round++) {
            PendingUpload pending = api.create(file.kind(), file.remoteName(), file.sizeBytes());
            String slug = pending.record().slug();
            try {
                api.upload(pending, file.path(), file.sizeBytes());
                return api.confirm(file.kind(), slug);
            } catch (UploadUrlExpiredException e) {
                deleteAfterFailure(file, slug, e);
                if (round >= MAX_UPLOAD_ROUNDS) {
                    throw new ApiException(e.method(), e.path(), e.status(), e.serverMessage() + " (gave up after "
                            + round + " upload URLs; check that this machine's clock is right)", e);
                }
                log.warn("The upload URL of {} expired ({}); deleted {} and creating a new record", file.displayPath(),
                        e.serverMessage(), slug);
            } catch (ApiException e) {
                deleteAfterFailure(file, slug, e);
                throw e;
            }
        }
    }

    private void deleteAfterFailure(LocalFile file, String slug, ApiException failure) {
        try {
            api.delete(file.kind(), slug);
        } catch (ApiException cleanup) {
            throw new ApiException(failure.method(), failure.path(), failure.status(), failure.serverMessage()
                    + "; the unfinished record " + slug + " could not be deleted (" + cleanup.getMessage()
                    + ") and will be cleaned up by the next sync", failure);
        }
    }

    private void applyFlags(RemoteFile current, List<String> actions, List<String> warnings) {
        FlagChanges changes = FlagChanges.between(current, desired);
        warnings.addAll(changes.warnings());
        if (!changes.settings().isEmpty()) {
            api.update(current.kind(), current.slug(), changes.settings());
            actions.add("set " + changes.settings());
        }
        if (!changes.protection().isEmpty()) {
            api.update(current.kind(), current.slug(), changes.protection());
            actions.add("set " + changes.protection());
        }
    }

    private static void logResult(FileResult result) {
        String line = String.format("%-28s %s", result.outcome().label(), result.file().displayPath())
                + (result.slug() == null ? "" : " -> " + result.slug())
                + (result.actions().isEmpty() ? "" : " [" + String.join("; ", result.actions()) + "]");
        if (result.outcome() == FileResult.Outcome.FAILED) {
            log.error("{}: {}", line, result.error());
        } else {
            log.info(line);
        }
        for (String warning : result.warnings()) {
            log.warn("{}: {}", result.file().displayPath(), warning);
        }
    }
}
