package io.signingsync.api;

/**
 * A record as the show endpoint returns it.
 *
 * @param record the record
 * @param downloadUrl where to GET its bytes, or null when the API gave none (protected files)
 */
public record RemoteDownload(RemoteFile record, PresignedUrl downloadUrl) {
}
