package io.signingsync.sync;

import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.PendingUpload;
import io.signingsync.api.RemoteDownload;
import io.signingsync.api.RemoteFile;
import io.signingsync.api.UploadUrlExpiredException;
import io.signingsync.config.KeystoreCredentials;
import io.signingsync.scan.FileKind;
import io.signingsync.plan.DesiredFlags;
import io.signingsync.plan.FilePlan;
import io.signingsync.plan.FlagChanges;
import io.signingsync.scan.LocalFile;
import java.io.IOException;
import java.nio.file.Files;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan. Each file is one pipeline (delete leftovers, create, PUT, confirm, flags),
 * and up to {@code parallelUploads} pipelines run at the same time. A failing file never stops
 * the others, and a record created for a failed upload is deleted again, so no unprocessed record
 * is left behind. Each file is logged as it finishes; the results keep the plan's order.
 */
public final class SyncExecutor {

    private static final Logger log = LoggerFactory.getLogger(SyncExecutor.class);
    /** Upload URLs tried per file before giving up; each expired one costs a create and a delete. */
    static final int MAX_UPLOAD_ROUNDS = 3;

    private final BitriseApi api;
    private final DesiredFlags desired;
    private final boolean replaceChanged;
    private final int parallelUploads;
    private final KeystoreCredentials keystore;

    public SyncExecutor(BitriseApi api, DesiredFlags desired) {
        this(api, desired, false, 1);
    }

    public SyncExecutor(BitriseApi api, DesiredFlags desired, boolean replaceChanged, int parallelUploads) {
        this(api, desired, replaceChanged, parallelUploads, KeystoreCredentials.none());
    }

    /**
     * @param replaceChanged delete the old records of a changed file once its new record is in place
     * @param parallelUploads how many files are worked on at the same time
     * @param keystore the credentials sent with every Android keystore
     */
    public SyncExecutor(BitriseApi api, DesiredFlags desired, boolean replaceChanged, int parallelUploads,
            KeystoreCredentials keystore) {
        this.keystore = keystore;
        this.api = api;
        this.desired = desired;
        this.replaceChanged = replaceChanged;
        this.parallelUploads = parallelUploads;
    }

    public List<FileResult> execute(List<FilePlan> plans) {
        if (parallelUploads <= 1 || plans.size() <= 1) {
            List<FileResult> results = new ArrayList<>();
            for (FilePlan plan : plans) {
                results.add(executeAndLog(plan));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelUploads, plans.size()), runnable -> {
            Thread thread = new Thread(runnable, "upload");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<FileResult>> futures = new ArrayList<>();
            for (FilePlan plan : plans) {
                futures.add(pool.submit(() -> executeAndLog(plan)));
            }
            List<FileResult> results = new ArrayList<>();
            for (Future<FileResult> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private FileResult executeAndLog(FilePlan plan) {
        FileResult result = execute(plan);
        logResult(result);
        return result;
    }

    private static FileResult await(Future<FileResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while files were being uploaded", e);
        } catch (ExecutionException e) {
            // execute(FilePlan) turns every ApiException into a result, so this is a programming error.
            throw new IllegalStateException("uploading a file failed unexpectedly", e.getCause());
        }
    }

    /** Describes the plan without changing anything. */
    public static List<FileResult> dryRun(List<FilePlan> plans, boolean replaceChanged) {
        List<FileResult> results = new ArrayList<>();
        for (FilePlan plan : plans) {
            FileResult result = describe(plan, replaceChanged);
            logResult(result);
            results.add(result);
        }
        return results;
    }

    private static FileResult describe(FilePlan plan, boolean replaceChanged) {
        List<String> warnings = new ArrayList<>(plan.inspection().warnings());
        if (plan.action() == FilePlan.Action.REJECT) {
            return new FileResult(plan.file(), plan.inspection(), FileResult.Outcome.REJECTED, null, List.of(),
                    warnings, plan.inspection().rejection());
        }
        List<String> actions = new ArrayList<>();
        for (RemoteFile leftover : plan.leftovers()) {
            actions.add("delete unfinished upload " + leftover.slug());
        }
        FileResult.Outcome outcome;
        String slug = null;
        switch (plan.action()) {
            case UPLOAD -> {
                actions.add("upload " + plan.file().sizeBytes() + " bytes");
                outcome = FileResult.Outcome.PLANNED_UPLOAD;
            }
            case VERIFY -> {
                actions.add("compare bytes with " + slugs(plan.candidates()) + ", then keep the equal one or upload");
                outcome = FileResult.Outcome.PLANNED_VERIFY;
            }
            default -> {
                actions.add(keepAction(plan.file(), plan.existing()));
                outcome = FileResult.Outcome.PLANNED_ALREADY_ON_BITRISE;
                slug = plan.existing().slug();
            }
        }
        if (!plan.flagChanges().isEmpty()) {
            actions.add("set " + plan.flagChanges().describe());
        }
        warnings.addAll(plan.flagChanges().warnings());
        for (RemoteFile old : plan.changed()) {
            actions.add((replaceChanged ? "delete old record " : "keep old record ") + old.slug()
                    + ", whose content differs");
        }
        return new FileResult(plan.file(), plan.inspection(), outcome, slug, actions, warnings, null);
    }

    private FileResult execute(FilePlan plan) {
        LocalFile file = plan.file();
        List<String> actions = new ArrayList<>();
        List<String> warnings = new ArrayList<>(plan.inspection().warnings());
        if (plan.action() == FilePlan.Action.REJECT) {
            return new FileResult(file, plan.inspection(), FileResult.Outcome.REJECTED, null, actions, warnings,
                    plan.inspection().rejection());
        }
        try {
            deleteLeftovers(plan, actions, warnings);
            List<RemoteFile> changed = new ArrayList<>(plan.changed());
            RemoteFile existing = plan.action() == FilePlan.Action.VERIFY
                    ? verify(plan, changed, actions) : plan.existing();
            RemoteFile current;
            FileResult.Outcome outcome;
            if (existing == null) {
                current = upload(file, createFields(plan));
                actions.add("uploaded " + file.sizeBytes() + " bytes as " + current.slug());
                outcome = FileResult.Outcome.UPLOADED;
            } else {
                current = existing;
                if (!sameName(existing, file)) {
                    actions.add("already on Bitrise as " + existing.uploadFileName());
                }
                outcome = FileResult.Outcome.ALREADY_ON_BITRISE;
            }
            applyFlags(current, desired.forFile(file.remoteName()), actions, warnings);
            handleChanged(file, changed, actions, warnings);
            return new FileResult(file, plan.inspection(), outcome, current.slug(), actions, warnings, null);
        } catch (ApiException e) {
            return new FileResult(file, plan.inspection(), FileResult.Outcome.FAILED, null, actions, warnings,
                    e.getMessage());
        }
    }

    /** Downloads the candidates and returns the first whose bytes equal the file's; the others are changed. */
    private RemoteFile verify(FilePlan plan, List<RemoteFile> changed, List<String> actions) {
        byte[] local;
        try {
            local = Files.readAllBytes(plan.file().path());
        } catch (IOException e) {
            throw new ApiException("READ", plan.file().displayPath(), ApiException.NO_RESPONSE,
                    "cannot read the local file to compare it (" + e.getClass().getSimpleName() + ")", e);
        }
        for (RemoteFile candidate : plan.candidates()) {
            RemoteDownload shown = api.show(candidate.kind(), candidate.slug());
            if (shown.downloadUrl() == null) {
                actions.add("could not compare with " + candidate.slug() + ": the API gave no download URL");
                continue;
            }
            if (Arrays.equals(local, api.download(shown.downloadUrl()))) {
                actions.add("compared bytes with " + candidate.slug() + ": equal");
                return candidate;
            }
            actions.add("compared bytes with " + candidate.slug() + ": different");
            changed.add(candidate);
        }
        return null;
    }

    private void handleChanged(LocalFile file, List<RemoteFile> changed, List<String> actions,
            List<String> warnings) {
        for (RemoteFile old : changed) {
            // Builds find a generic file by its user_env_key, so two records with one key would make
            // the file builds get a matter of chance: the old generic record is always replaced.
            if (!replaceChanged && old.kind() != FileKind.GENERIC_PROJECT_FILE) {
                actions.add("kept old record " + old.slug() + ", whose content differs (replace_changed: yes"
                        + " deletes it)");
                continue;
            }
            try {
                api.delete(old.kind(), old.slug());
                actions.add("deleted old record " + old.slug() + ", whose content differed");
            } catch (ApiException e) {
                warnings.add("could not delete the old record " + old.slug() + " of " + file.remoteName() + ": "
                        + e.getMessage());
            }
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
    private RemoteFile upload(LocalFile file, Map<String, String> fields) {
        for (int round = 1; ; round++) {
            PendingUpload pending = fields.isEmpty() ? api.create(file.kind(), file.remoteName(), file.sizeBytes())
                    : api.create(file.kind(), file.remoteName(), file.sizeBytes(), fields);
            String slug = pending.record().slug();
            try {
                api.upload(pending, file.path(), file.sizeBytes());
                return api.confirm(file.kind(), slug);
            } catch (UploadUrlExpiredException e) {
                deleteAfterFailure(file, slug, e);
                if (round >= MAX_UPLOAD_ROUNDS) {
                    throw e.withNote("(gave up after " + round + " upload URLs; check that this machine's clock is"
                            + " right)");
                }
                log.warn("The upload URL of {} expired ({}); deleted {} and creating a new record", file.displayPath(),
                        e.serverMessage(), slug);
            } catch (ApiException e) {
                deleteAfterFailure(file, slug, e);
                throw e;
            }
        }
    }

    /** Returns the plan's create fields plus a keystore's secrets, which the plan does not contain. */
    private Map<String, String> createFields(FilePlan plan) {
        Map<String, String> fields = new LinkedHashMap<>(plan.createFields());
        if (plan.file().kind() == FileKind.ANDROID_KEYSTORE) {
            fields.put("alias", keystore.alias().reveal());
            fields.put("password", keystore.password().reveal());
            fields.put("private_key_password", keystore.privateKeyPassword().reveal());
        }
        return fields;
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

    private void applyFlags(RemoteFile current, DesiredFlags wanted, List<String> actions, List<String> warnings) {
        FlagChanges changes = FlagChanges.between(current, wanted);
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

    private static String keepAction(LocalFile file, RemoteFile existing) {
        return sameName(existing, file) ? "keep " + existing.slug()
                : "keep " + existing.slug() + ", already on Bitrise as " + existing.uploadFileName();
    }

    private static boolean sameName(RemoteFile record, LocalFile file) {
        return Normalizer.normalize(record.uploadFileName(), Normalizer.Form.NFC).equals(file.remoteName());
    }

    private static String slugs(List<RemoteFile> records) {
        return String.join(", ", records.stream().map(RemoteFile::slug).toList());
    }

    private static void logResult(FileResult result) {
        String line = String.format("%-28s %s", result.outcome().label(), result.file().displayPath())
                + (result.slug() == null ? "" : " -> " + result.slug())
                + (result.actions().isEmpty() ? "" : " [" + String.join("; ", result.actions()) + "]");
        if (result.unsuccessful()) {
            log.error("{}: {}", line, result.error());
        } else {
            log.info(line);
        }
        for (String warning : result.warnings()) {
            log.warn("{}: {}", result.file().displayPath(), warning);
        }
    }
}
