package io.signingsync.api;

import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;

/**
 * A file record on Bitrise, as the list, show, create, confirm and update endpoints return it.
 *
 * @param kind the collection the record belongs to
 * @param slug the record's id
 * @param uploadFileName the name given at create
 * @param uploadFileSize the size in bytes declared at create
 * @param processed whether the upload was confirmed; unconfirmed records are leftovers of failed uploads
 * @param isExpose whether pull-request builds can use the file
 * @param isProtected whether the file is protected, which cannot be undone
 * @param certificatePassword the stored password of a build certificate; null when the API did not
 *     return one, which it never does for protected files
 * @param fileSha256 lowercase hex SHA-256 of the stored bytes; null when the API does not serve it
 *     (older API revisions) or the record is not processed
 * @param userEnvKey a generic file's key in builds; null for other kinds
 */
public record RemoteFile(
        FileKind kind,
        String slug,
        String uploadFileName,
        long uploadFileSize,
        boolean processed,
        boolean isExpose,
        boolean isProtected,
        Secret certificatePassword,
        String fileSha256,
        String userEnvKey) {

    public RemoteFile(FileKind kind, String slug, String uploadFileName, long uploadFileSize, boolean processed,
            boolean isExpose, boolean isProtected, Secret certificatePassword, String fileSha256) {
        this(kind, slug, uploadFileName, uploadFileSize, processed, isExpose, isProtected, certificatePassword,
                fileSha256, null);
    }
}
