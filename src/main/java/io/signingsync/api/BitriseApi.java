package io.signingsync.api;

import io.signingsync.scan.FileKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Bitrise API v0.1 operations the sync needs, for one app. Every method throws
 * {@link ApiException} when the call fails.
 */
public interface BitriseApi {

    /** Lists every record of a kind, following {@code paging.next} across all pages. */
    List<RemoteFile> list(FileKind kind);

    /** Creates a record for a file of this name and exact size; the answer carries the upload URL. */
    PendingUpload create(FileKind kind, String fileName, long sizeBytes);

    /**
     * Creates a record with the kind's further fields: {@code user_env_key} for a generic file;
     * {@code alias}, {@code password}, {@code private_key_password} and maybe
     * {@code keystore_file_name} for an Android keystore. Values may be secrets; none is logged.
     */
    PendingUpload create(FileKind kind, String fileName, long sizeBytes, Map<String, String> fields);

    /** PUTs the file's bytes to the pre-signed URL, with a fixed Content-Length and no Authorization header. */
    void upload(PendingUpload upload, Path file, long sizeBytes);

    /** Marks the upload as done ({@code POST …/uploaded}). */
    RemoteFile confirm(FileKind kind, String slug);

    /** Sends one PATCH with the fields that are set in {@code update}. */
    RemoteFile update(FileKind kind, String slug, FlagUpdate update);

    void delete(FileKind kind, String slug);

    /** Reads one record with its pre-signed download URL, which the API gives only for unprotected files. */
    RemoteDownload show(FileKind kind, String slug);

    /** GETs a pre-signed download URL, with no Authorization header. */
    byte[] download(PresignedUrl url);
}
