package io.signingsync.api;

/**
 * The pre-signed upload URL has expired, or would expire before the upload could finish. The
 * record cannot be given a new URL, so the caller deletes it and creates a new one.
 */
public class UploadUrlExpiredException extends ApiException {

    public UploadUrlExpiredException(String path, int status, String message) {
        super("PUT", path, status, message);
    }
}
