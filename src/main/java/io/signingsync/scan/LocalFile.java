package io.signingsync.scan;

import java.nio.file.Path;

/**
 * A signing file found in the folder.
 *
 * @param path absolute path to read the bytes from
 * @param displayPath path relative to the scanned folder, for messages and the report
 * @param remoteName the bare file name, in Unicode NFC, as it is uploaded
 * @param kind what the extension says the file is
 * @param sizeBytes size in bytes, declared at create and sent as Content-Length
 * @param sha256 lowercase hex SHA-256 of the bytes
 */
public record LocalFile(Path path, String displayPath, String remoteName, FileKind kind, long sizeBytes, String sha256) {
}
