package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns records into the item objects of the spec's response models. The fields depend on the
 * endpoint the record is served through ({@code view}), not only on the record's own kind.
 */
final class ItemRenderer {
    private ItemRenderer() {
    }

    static ObjectNode render(FileRecord record, Kind view, boolean serveSha256) {
        ObjectNode item = Json.object();
        item.put("slug", record.slug);
        item.put("upload_file_name", record.uploadFileName);
        item.put("upload_file_size", record.uploadFileSize);
        item.put("processed", record.processed);
        item.put("is_expose", record.isExpose);
        item.put("is_protected", record.isProtected);
        switch (view) {
            case PROVISIONING_PROFILE -> {
                // The profile models have no file_sha256, not even in the newest spec revision.
            }
            case BUILD_CERTIFICATE -> renderCertificateFields(record, serveSha256, item);
            case GENERIC_PROJECT_FILE -> renderGenericFields(record, item);
            case ANDROID_KEYSTORE -> {
                renderGenericFields(record, item);
                if (serveSha256) {
                    item.put("file_sha256", record.fileSha256);
                    item.put("certificate_sha256_fingerprint", record.certificateSha256Fingerprint);
                }
            }
        }
        return item;
    }

    private static void renderCertificateFields(FileRecord record, boolean serveSha256, ObjectNode item) {
        // The password is only returned while the file is not protected. A certificate without a
        // password omits the field, because the spec types it as a string that is never null.
        if (!record.isProtected && record.certificatePassword != null) {
            item.put("certificate_password", record.certificatePassword);
        }
        if (serveSha256) {
            item.put("file_sha256", record.fileSha256);
            ArrayNode certificates = item.putArray("certificates");
            for (FileRecord.CertificateInfo info : record.certificates) {
                ObjectNode entry = certificates.addObject();
                entry.put("serial", info.serial());
                entry.put("expiry_date", info.expiryDate());
            }
        }
    }

    private static void renderGenericFields(FileRecord record, ObjectNode item) {
        item.put("user_env_key", record.userEnvKey);
        // NOTE: whether Bitrise hides a protected keystore's passwords here is undocumented; the
        // emulator hides them, as it hides a protected certificate's password. An absent or hidden
        // datastore omits the field, because the spec types it as an object that is never null.
        boolean hidden = record.isProtected && record.kind == Kind.ANDROID_KEYSTORE;
        if (record.exposedMetaDatastore != null && !hidden) {
            item.set("exposed_meta_datastore", record.exposedMetaDatastore.deepCopy());
        }
    }

    /** Renders every field, protected passwords included, plus storage facts, for the admin state. */
    static ObjectNode renderFull(FileRecord record, S3Storage storage) {
        ObjectNode full = Json.object();
        full.put("kind", record.kind.pathSegment());
        full.put("slug", record.slug);
        full.put("upload_file_name", record.uploadFileName);
        full.put("upload_file_size", record.uploadFileSize);
        full.put("processed", record.processed);
        full.put("is_expose", record.isExpose);
        full.put("is_protected", record.isProtected);
        full.put("certificate_password", record.certificatePassword);
        full.put("user_env_key", record.userEnvKey);
        full.set("exposed_meta_datastore", record.exposedMetaDatastore == null ? null : record.exposedMetaDatastore.deepCopy());
        full.put("alias", record.alias);
        full.put("password", record.keystorePassword);
        full.put("private_key_password", record.privateKeyPassword);
        full.put("keystore_file_name", record.keystoreFileName);
        full.put("file_sha256", record.fileSha256);
        ArrayNode certificates = full.putArray("certificates");
        for (FileRecord.CertificateInfo info : record.certificates) {
            certificates.addObject().put("serial", info.serial()).put("expiry_date", info.expiryDate());
        }
        full.put("certificate_sha256_fingerprint", record.certificateSha256Fingerprint);
        full.put("object_key", record.objectKey);
        byte[] stored = storage.read(record.objectKey).orElse(null);
        full.put("in_s3", stored != null);
        if (stored != null) {
            full.put("s3_size", stored.length);
            full.put("s3_sha256", FileInspector.sha256Hex(stored));
        }
        return full;
    }
}
