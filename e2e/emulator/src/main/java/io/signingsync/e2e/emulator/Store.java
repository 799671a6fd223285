package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Apps, tokens and file records, with the API's rules. One lock guards everything; the emulator
 * serves a handful of concurrent test requests, so simplicity beats throughput here.
 */
final class Store {
    static final int MAX_PAGE_SIZE = 50;
    private static final Pattern KEYSTORE_FILE_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final S3Storage storage;
    private final Map<String, AppState> apps = new LinkedHashMap<>();
    private volatile Duration presignExpiry = Duration.ofSeconds(600);

    Store(S3Storage storage) {
        this.storage = storage;
    }

    Duration presignExpiry() {
        return presignExpiry;
    }

    void setPresignExpiry(Duration expiry) {
        this.presignExpiry = expiry;
    }

    synchronized void reset() {
        apps.clear();
        storage.deleteAll();
        presignExpiry = Duration.ofSeconds(600);
    }

    /** Registers an app, or adds the token to an existing one; {@code serveSha256} replaces the old value. */
    synchronized void registerApp(String appSlug, String token, boolean serveSha256) {
        AppState app = apps.computeIfAbsent(appSlug, AppState::new);
        if (token != null) {
            app.tokens.add(token);
        }
        app.serveSha256 = serveSha256;
    }

    /** Resolves the app for a request: 401 for a token registered with no app, 404 for an app the token cannot reach. */
    synchronized AppState authorize(String token, String appSlug) {
        boolean knownToken = token != null && apps.values().stream().anyMatch(a -> a.tokens.contains(token));
        if (!knownToken) {
            throw new ApiException(401, "Unauthorized");
        }
        AppState app = apps.get(appSlug);
        if (app == null || !app.tokens.contains(token)) {
            throw ApiException.notFound();
        }
        return app;
    }

    synchronized ObjectNode list(AppState app, Kind view, String next, Integer limit) {
        int pageSize = limit == null ? MAX_PAGE_SIZE : limit;
        List<FileRecord> visible = app.recordsVisibleAs(view);
        int start = 0;
        if (next != null) {
            start = -1;
            for (int i = 0; i < visible.size(); i++) {
                if (visible.get(i).slug.equals(next)) {
                    start = i;
                    break;
                }
            }
            if (start < 0) {
                throw ApiException.badRequest("Invalid next: no item with slug " + next);
            }
        }
        int end = Math.min(visible.size(), start + pageSize);
        ObjectNode response = Json.object();
        ArrayNode data = response.putArray("data");
        for (FileRecord record : visible.subList(start, end)) {
            data.add(ItemRenderer.render(record, view, app.serveSha256));
        }
        ObjectNode paging = response.putObject("paging");
        paging.put("total_item_count", visible.size());
        paging.put("page_item_limit", pageSize);
        if (end < visible.size()) {
            paging.put("next", visible.get(end).slug);
        }
        return response;
    }

    synchronized ObjectNode create(AppState app, Kind kind, ObjectNode body) {
        String fileName = requireString(body, "upload_file_name");
        long fileSize = requireSize(body);
        FileRecord record = newRecord(app, kind, fileName, fileSize);
        switch (kind) {
            case GENERIC_PROJECT_FILE -> record.userEnvKey = requireString(body, "user_env_key");
            case ANDROID_KEYSTORE -> applyKeystoreCreateFields(app, record, body);
            default -> {
            }
        }
        app.records.add(record);
        ObjectNode item = ItemRenderer.render(record, kind, app.serveSha256);
        item.put("upload_url", storage.presignPut(record.objectKey, record.uploadFileSize, presignExpiry));
        return item;
    }

    // The spec (v0.AndroidKeystoreFileUploadParams) requires alias, password and
    // private_key_password, while the prose keystore guide's curl example sends only name and
    // size. The emulator follows the spec, because both official clients (bitrise-add-new-project
    // and bitrise-mcp) send all three.
    private void applyKeystoreCreateFields(AppState app, FileRecord record, ObjectNode body) {
        record.alias = requireString(body, "alias");
        record.keystorePassword = requireString(body, "password");
        record.privateKeyPassword = requireString(body, "private_key_password");
        String keystoreFileName = optionalString(body, "keystore_file_name");
        boolean hasKeystore = app.records.stream().anyMatch(r -> r.kind == Kind.ANDROID_KEYSTORE);
        if (keystoreFileName == null && hasKeystore) {
            throw ApiException.badRequest("keystore_file_name is required because the app already has a keystore file");
        }
        if (keystoreFileName != null && !KEYSTORE_FILE_NAME.matcher(keystoreFileName).matches()) {
            throw ApiException.badRequest("Invalid keystore_file_name: only letters, digits and _ are allowed");
        }
        record.keystoreFileName = keystoreFileName;
        // NOTE: the env key for a named keystore is inferred from the spec's
        // BITRISE_ANDROID_KEYSTORE_<keystore_file_name>_URL wording; Bitrise does not document it.
        record.userEnvKey = keystoreFileName == null ? "ANDROID_KEYSTORE" : "ANDROID_KEYSTORE_" + keystoreFileName;
        ObjectNode datastore = Json.object();
        datastore.put("PASSWORD", record.keystorePassword);
        datastore.put("ALIAS", record.alias);
        datastore.put("PRIVATE_KEY_PASSWORD", record.privateKeyPassword);
        record.exposedMetaDatastore = datastore;
    }

    synchronized ObjectNode show(AppState app, Kind view, String slug) {
        FileRecord record = find(app, view, slug);
        ObjectNode item = ItemRenderer.render(record, view, app.serveSha256);
        // Bitrise returns a download URL even for unprocessed records, but never for protected ones.
        if (!record.isProtected) {
            item.put("download_url", storage.presignGet(record.objectKey, presignExpiry));
        }
        return item;
    }

    synchronized ObjectNode update(AppState app, Kind view, String slug, ObjectNode body) {
        FileRecord record = find(app, view, slug);
        Boolean isExpose = optionalBoolean(body, "is_expose");
        Boolean isProtected = optionalBoolean(body, "is_protected");
        Boolean processed = optionalBoolean(body, "processed");
        String certificatePassword = view == Kind.BUILD_CERTIFICATE ? optionalString(body, "certificate_password") : null;
        String userEnvKey = view == Kind.GENERIC_PROJECT_FILE ? optionalString(body, "user_env_key") : null;
        JsonNode datastore = view == Kind.GENERIC_PROJECT_FILE ? optionalObject(body, "exposed_meta_datastore") : null;

        if (record.isProtected && Boolean.FALSE.equals(isProtected)) {
            throw ApiException.badRequest("is_protected cannot be changed once it is true");
        }
        if (record.isProtected && isExpose != null && isExpose != record.isExpose) {
            throw ApiException.badRequest("is_expose cannot be changed while the file is protected");
        }
        if (record.processed && Boolean.FALSE.equals(processed)) {
            throw ApiException.badRequest("processed cannot be changed once it is true");
        }
        // The 2018 Bitrise reference states that PATCH {"processed": true} has the same effect as POST .../uploaded.
        if (Boolean.TRUE.equals(processed) && !record.processed) {
            process(record);
        }
        // NOTE: whether Bitrise accepts a new certificate_password on a protected file is undocumented; the emulator accepts it.
        if (certificatePassword != null) {
            record.certificatePassword = certificatePassword;
            refreshCertificates(record);
        }
        if (userEnvKey != null) {
            record.userEnvKey = userEnvKey;
        }
        if (datastore != null) {
            record.exposedMetaDatastore = datastore.deepCopy();
        }
        if (isExpose != null) {
            record.isExpose = isExpose;
        }
        if (isProtected != null) {
            record.isProtected = isProtected;
        }
        return ItemRenderer.render(record, view, app.serveSha256);
    }

    synchronized ObjectNode confirm(AppState app, Kind view, String slug) {
        FileRecord record = find(app, view, slug);
        if (!record.processed) {
            process(record);
        }
        return ItemRenderer.render(record, view, app.serveSha256);
    }

    /** Deletes the record and its object; the item is rendered as {@code responseView} (the spec's delete model). */
    synchronized ObjectNode delete(AppState app, Kind view, String slug, Kind responseView) {
        FileRecord record = find(app, view, slug);
        app.records.remove(record);
        storage.delete(record.objectKey);
        return ItemRenderer.render(record, responseView, app.serveSha256);
    }

    /**
     * Marks the record processed after checking the upload.
     * NOTE: stricter than documented. Bitrise does not say whether confirm checks the object; the
     * emulator requires it to exist with the declared size, so a product that confirms a failed
     * upload fails here instead of leaving a broken record that looks fine.
     */
    private void process(FileRecord record) {
        Optional<byte[]> stored = storage.read(record.objectKey);
        if (stored.isEmpty()) {
            throw ApiException.badRequest("The file has not been uploaded yet: no object for slug " + record.slug);
        }
        byte[] content = stored.get();
        if (content.length != record.uploadFileSize) {
            throw ApiException.badRequest("The uploaded file has " + content.length
                    + " bytes, but upload_file_size is " + record.uploadFileSize);
        }
        record.processed = true;
        computeReadOnlyFields(record, content);
    }

    private void computeReadOnlyFields(FileRecord record, byte[] content) {
        record.fileSha256 = FileInspector.sha256Hex(content);
        if (record.kind == Kind.BUILD_CERTIFICATE) {
            record.certificates = FileInspector.readCertificates(content, record.certificatePassword);
        }
        if (record.kind == Kind.ANDROID_KEYSTORE) {
            record.certificateSha256Fingerprint = FileInspector.keystoreFingerprint(content, record.keystorePassword, record.alias);
        }
    }

    /** Re-reads a processed certificate when its password arrives after confirm (the usual order). */
    private void refreshCertificates(FileRecord record) {
        if (record.processed && record.kind == Kind.BUILD_CERTIFICATE) {
            storage.read(record.objectKey).ifPresent(content ->
                    record.certificates = FileInspector.readCertificates(content, record.certificatePassword));
        }
    }

    /** Adds a record straight to the state (admin seeding); {@code content}, if given, goes to S3 first. */
    synchronized ObjectNode seed(String appSlug, Kind kind, ObjectNode spec, byte[] content) {
        AppState app = apps.get(appSlug);
        if (app == null) {
            throw new ApiException(404, "App not registered: " + appSlug);
        }
        String fileName = requireString(spec, "upload_file_name");
        long size = spec.has("upload_file_size") ? requireSize(spec) : (content == null ? 0 : content.length);
        String slug = optionalString(spec, "slug");
        FileRecord record = slug == null ? newRecord(app, kind, fileName, size) : newRecord(app, kind, fileName, size, slug);
        if (kind == Kind.ANDROID_KEYSTORE) {
            applyKeystoreCreateFields(app, record, spec);
        }
        if (kind == Kind.GENERIC_PROJECT_FILE) {
            record.userEnvKey = requireString(spec, "user_env_key");
            JsonNode datastore = optionalObject(spec, "exposed_meta_datastore");
            record.exposedMetaDatastore = datastore == null ? null : datastore.deepCopy();
        }
        record.certificatePassword = optionalString(spec, "certificate_password");
        record.isExpose = !Boolean.FALSE.equals(optionalBoolean(spec, "is_expose"));
        record.isProtected = Boolean.TRUE.equals(optionalBoolean(spec, "is_protected"));
        record.processed = Boolean.TRUE.equals(optionalBoolean(spec, "processed"));
        if (content != null) {
            storage.write(record.objectKey, content);
            if (record.processed) {
                computeReadOnlyFields(record, content);
            }
        }
        app.records.add(record);
        return ItemRenderer.renderFull(record, storage);
    }

    synchronized ObjectNode state() {
        ObjectNode state = Json.object();
        ObjectNode appsNode = state.putObject("apps");
        for (AppState app : apps.values()) {
            ObjectNode appNode = appsNode.putObject(app.slug);
            ArrayNode tokens = appNode.putArray("tokens");
            app.tokens.forEach(tokens::add);
            appNode.put("serveSha256", app.serveSha256);
            ObjectNode records = appNode.putObject("records");
            for (Kind kind : Kind.values()) {
                ArrayNode list = records.putArray(kind.pathSegment());
                for (FileRecord record : app.records) {
                    if (record.kind == kind) {
                        list.add(ItemRenderer.renderFull(record, storage));
                    }
                }
            }
        }
        return state;
    }

    private FileRecord newRecord(AppState app, Kind kind, String fileName, long size) {
        return newRecord(app, kind, fileName, size, Slugs.newSlug());
    }

    private FileRecord newRecord(AppState app, Kind kind, String fileName, long size, String slug) {
        FileRecord record = new FileRecord(kind, slug, app.slug + "/" + kind.pathSegment() + "/" + slug + "/" + fileName);
        record.uploadFileName = fileName;
        record.uploadFileSize = size;
        return record;
    }

    private static FileRecord find(AppState app, Kind view, String slug) {
        FileRecord record = app.find(view, slug);
        if (record == null) {
            throw ApiException.notFound();
        }
        return record;
    }

    private static String requireString(ObjectNode body, String field) {
        String value = optionalString(body, field);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest("Missing required field: " + field);
        }
        return value;
    }

    private static long requireSize(ObjectNode body) {
        JsonNode node = body.get("upload_file_size");
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("Missing required field: upload_file_size");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiException.badRequest("Invalid upload_file_size: expected an integer, got " + node);
        }
        if (node.asLong() < 0) {
            throw ApiException.badRequest("Invalid upload_file_size: must not be negative, got " + node);
        }
        return node.asLong();
    }

    private static String optionalString(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("Invalid " + field + ": expected a string, got " + node);
        }
        return node.asText();
    }

    private static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest("Invalid " + field + ": expected a boolean, got " + node);
        }
        return node.asBoolean();
    }

    private static JsonNode optionalObject(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("Invalid " + field + ": expected an object, got " + node);
        }
        return node;
    }
}
