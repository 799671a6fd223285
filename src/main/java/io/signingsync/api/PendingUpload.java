package io.signingsync.api;

/**
 * A record just created for an upload, not yet confirmed.
 *
 * @param record the new record as the create endpoint returned it ({@code processed} is false)
 * @param uploadUrl where to PUT the bytes; valid for a limited time (10 minutes on Bitrise)
 */
public record PendingUpload(RemoteFile record, PresignedUrl uploadUrl) {
}
