package io.signingsync.scan;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A signing file found in the folder.
 *
 * @param path absolute path to read the bytes from
 * @param displayPath path relative to the scanned folder, for messages and the report
 * @param remoteName the bare file name, in Unicode NFC, as it is uploaded
 * @param kind what the extension says the file is
 * @param sizeBytes size in bytes, declared at create and sent as Content-Length
 * @param sha256 lowercase hex SHA-256 of the bytes
 * @param userEnvKey for a generic project file, the key builds see it under; null for other kinds
 */
public record LocalFile(Path path, String displayPath, String remoteName, FileKind kind, long sizeBytes, String sha256,
        String userEnvKey) {

    public LocalFile(Path path, String displayPath, String remoteName, FileKind kind, long sizeBytes, String sha256) {
        this(path, displayPath, remoteName, kind, sizeBytes, sha256,
                kind == FileKind.GENERIC_PROJECT_FILE ? envKeyOf(remoteName) : null);
    }

    /**
     * Derives a generic file's {@code user_env_key} from its name: upper case, and every character
     * that is not an ASCII letter or digit becomes {@code _}. {@code google-services.json} becomes
     * {@code GOOGLE_SERVICES_JSON}; builds then see it as {@code BITRISEIO_GOOGLE_SERVICES_JSON_URL}.
     */
    public static String envKeyOf(String fileName) {
        StringBuilder key = new StringBuilder();
        for (char c : fileName.toUpperCase(Locale.ROOT).toCharArray()) {
            key.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ? c : '_');
        }
        return key.toString();
    }
}
