package io.signingsync.download;

import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.RemoteDownload;
import io.signingsync.api.RemoteFile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the app's processed, unprotected records into a folder: show, then a plain GET of the
 * pre-signed download URL with no Authorization header. Each file is written to a temporary file
 * with owner-only permissions, checked against the record's size (and SHA-256 when served), and
 * then renamed into place, so a failed download never leaves a partial file under the real name.
 */
public final class Downloader {

    private static final Logger log = LoggerFactory.getLogger(Downloader.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final BitriseApi api;
    private final Path folder;
    private final boolean overwrite;

    /** @param overwrite replace a local file whose bytes differ; otherwise it is left and reported */
    public Downloader(BitriseApi api, Path folder, boolean overwrite) {
        this.api = api;
        this.folder = folder;
        this.overwrite = overwrite;
    }

    public List<DownloadResult> download(List<RemoteFile> records) {
        List<DownloadResult> results = new ArrayList<>();
        Set<String> usedNames = new HashSet<>();
        for (RemoteFile record : records) {
            DownloadResult result = record.processed() ? download(record, usedNames)
                    : new DownloadResult(record, null, DownloadResult.Outcome.SKIPPED,
                            "its upload to Bitrise was never finished (unprocessed record)", null);
            log(result);
            results.add(result);
        }
        return results;
    }

    private DownloadResult download(RemoteFile record, Set<String> usedNames) {
        if (record.isProtected()) {
            return new DownloadResult(record, null, DownloadResult.Outcome.SKIPPED,
                    "protected on Bitrise, so it cannot be downloaded", null);
        }
        String name = localName(record, usedNames);
        Path target;
        try {
            target = folder.resolve(name);
        } catch (InvalidPathException e) {
            // Without a UTF-8 locale the JVM cannot encode names such as "Café.mobileprovision".
            return new DownloadResult(record, null, DownloadResult.Outcome.FAILED, "its name cannot be a file name"
                    + " here (" + e.getReason() + "); run with a UTF-8 locale, for example LANG=C.UTF-8", null);
        }
        try {
            RemoteDownload shown = api.show(record.kind(), record.slug());
            if (shown.downloadUrl() == null) {
                return new DownloadResult(record, target, DownloadResult.Outcome.FAILED,
                        "the API gave no download URL", null);
            }
            byte[] bytes = api.download(shown.downloadUrl());
            String mismatch = mismatch(record, bytes);
            if (mismatch != null) {
                return new DownloadResult(record, target, DownloadResult.Outcome.FAILED, mismatch, null);
            }
            io.signingsync.config.Secret password = shown.record().certificatePassword();
            if (password != null && (password.reveal().contains("|") || password.reveal().contains("\n")
                    || password.reveal().contains("\r"))) {
                // The passwords output is |-separated in the order of the paths; such a password would
                // shift every later one. Bitrise's own installer step cannot use it either.
                return new DownloadResult(record, target, DownloadResult.Outcome.FAILED, "its password on Bitrise"
                        + " contains '|' or a line break, which the |-separated passwords output cannot hold;"
                        + " set a password without them on Bitrise", null);
            }
            return write(record, target, bytes, password);
        } catch (ApiException e) {
            return new DownloadResult(record, target, DownloadResult.Outcome.FAILED, e.getMessage(), null);
        }
    }

    private DownloadResult write(RemoteFile record, Path target, byte[] bytes, io.signingsync.config.Secret password) {
        try {
            if (Files.exists(target)) {
                if (Arrays.equals(Files.readAllBytes(target), bytes)) {
                    return new DownloadResult(record, target, DownloadResult.Outcome.ALREADY_HERE, "", password);
                }
                if (!overwrite) {
                    return new DownloadResult(record, target, DownloadResult.Outcome.CONFLICT, "a different local"
                            + " file has this name; set overwrite: yes to replace it, or move it away", null);
                }
            }
            Path temporary = Files.createTempFile(folder, ".signing-sync-", ".part");
            try {
                restrict(temporary);
                Files.write(temporary, bytes);
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
            return new DownloadResult(record, target, DownloadResult.Outcome.DOWNLOADED, "", password);
        } catch (IOException e) {
            return new DownloadResult(record, target, DownloadResult.Outcome.FAILED, "writing " + target.getFileName()
                    + " failed (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    /** Returns why the bytes are not the record's, or null when the size (and SHA-256, if served) agree. */
    private static String mismatch(RemoteFile record, byte[] bytes) {
        if (record.uploadFileSize() == 0 && bytes.length == 0) {
            return "Bitrise lists 0 bytes for this record and served none, so there is no file to write."
                    + " Upload the file again, or delete the record on Bitrise";
        }
        if (record.uploadFileSize() < 0 && bytes.length == 0) {
            return "the download is empty; nothing was written. Run the download again, and if this repeats,"
                    + " upload the file again";
        }
        if (record.uploadFileSize() == 0) {
            // A retry downloads the same bytes again, so only fixing the record helps.
            return "downloaded " + bytes.length + " bytes, but Bitrise lists 0 for this record, so the record"
                    + " is inconsistent; nothing was written. Upload the file again, or delete the record on Bitrise";
        }
        if (record.uploadFileSize() >= 0 && bytes.length != record.uploadFileSize()) {
            return "downloaded " + bytes.length + " bytes, but Bitrise lists " + record.uploadFileSize()
                    + "; nothing was written. Run the download again, and if this repeats, upload the file again";
        }
        if (record.fileSha256() != null && !record.fileSha256().equals(sha256(bytes))) {
            return "the downloaded bytes do not match file_sha256; nothing was written. Run the download again,"
                    + " and if this repeats, upload the file again";
        }
        return null;
    }

    /**
     * Chooses the local name: the record's file name without any folder part, so a name such as
     * "../x" cannot write outside the folder. A name already used in this run gets the slug added,
     * and a number if that is taken too. Names are compared without case, because macOS file
     * systems ignore case by default.
     */
    private static String localName(RemoteFile record, Set<String> usedNames) {
        String name = Normalizer.normalize(record.uploadFileName(), Normalizer.Form.NFC).replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        // Outputs list paths separated by | and one per line: such characters become _.
        name = name.replace('|', '_').replaceAll("\\p{Cntrl}", "_");
        // The API client accepts only plain slugs, and this also keeps any slug from adding a folder part.
        String slug = record.slug().replaceAll("[^A-Za-z0-9_-]", "_");
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = slug;
        }
        if (usedNames.add(name.toLowerCase(Locale.ROOT))) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name) + "-" + slug;
        String extension = dot > 0 ? name.substring(dot) : "";
        String candidate = stem + extension;
        for (int number = 2; !usedNames.add(candidate.toLowerCase(Locale.ROOT)); number++) {
            candidate = stem + "-" + number + extension;
        }
        return candidate;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the folder's own permissions apply.
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static void log(DownloadResult result) {
        String line = String.format("%-20s %s %s", result.outcome().label(), result.record().kind().displayName(),
                result.record().uploadFileName()) + " (" + result.record().slug() + ")"
                + (result.path() == null ? "" : " -> " + result.path().getFileName())
                + (result.note().isEmpty() ? "" : ": " + result.note());
        if (result.unsuccessful()) {
            log.error(line);
        } else {
            log.info(line);
        }
    }
}
