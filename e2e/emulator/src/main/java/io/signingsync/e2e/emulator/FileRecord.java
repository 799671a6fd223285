package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One stored file record of an app. Mutable; guarded by the {@link Store} lock. */
public final class FileRecord {
    /** One certificate found in a processed .p12: X.509 serial as uppercase hex, notAfter as RFC 3339. */
    public record CertificateInfo(String serial, String expiryDate) {
    }

    final Kind kind;
    final String slug;
    final String objectKey;
    String uploadFileName;
    long uploadFileSize;
    boolean processed;
    boolean isExpose = true;
    boolean isProtected;
    String certificatePassword;
    String userEnvKey;
    JsonNode exposedMetaDatastore;
    String alias;
    String keystorePassword;
    String privateKeyPassword;
    String keystoreFileName;
    String fileSha256;
    List<CertificateInfo> certificates = new ArrayList<>();
    String certificateSha256Fingerprint;

    FileRecord(Kind kind, String slug, String objectKey) {
        this.kind = kind;
        this.slug = slug;
        this.objectKey = objectKey;
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }
}
