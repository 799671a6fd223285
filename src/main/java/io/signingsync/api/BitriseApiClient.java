package io.signingsync.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BitriseApi} over HTTP for one app. Responses are read tolerantly, as a client of an API
 * without a compatibility promise must: unknown fields are ignored, optional fields may be
 * missing or null, and any 2xx status is success.
 */
public final class BitriseApiClient implements BitriseApi {

    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** The largest page the list endpoints accept. */
    static final int PAGE_LIMIT = 50;
    /** A guard against a server that never stops paging: 10,000 pages are 500,000 records. */
    private static final int MAX_PAGES = 10_000;
    /** An upload does not start when its URL has less than this left, as a slow PUT would outlive it. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(15);
    private static final Pattern S3_ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern S3_ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private static final Logger log = LoggerFactory.getLogger(BitriseApiClient.class);

    private final HttpTransport transport;
    private final String appUrl;
    private final String basePath;
    private final Secret token;
    private final RetryPolicy retry;
    private final ObjectMapper json = new ObjectMapper();

    public BitriseApiClient(HttpTransport transport, URI apiBaseUrl, String appSlug, Secret token) {
        this(transport, apiBaseUrl, appSlug, token, RetryPolicy.standard());
    }

    public BitriseApiClient(HttpTransport transport, URI apiBaseUrl, String appSlug, Secret token,
            RetryPolicy retry) {
        this.transport = transport;
        this.retry = retry;
        String base = apiBaseUrl.toString();
        this.appUrl = base + "/apps/" + encode(appSlug);
        this.basePath = apiBaseUrl.getRawPath() + "/apps/" + encode(appSlug);
        this.token = token;
    }

    @Override
    public List<RemoteFile> list(FileKind kind) {
        List<RemoteFile> files = new ArrayList<>();
        Set<String> seenAnchors = new HashSet<>();
        Set<String> seenSlugs = new HashSet<>();
        String next = null;
        for (int page = 1; page <= MAX_PAGES; page++) {
            String query = "?limit=" + PAGE_LIMIT + (next == null ? "" : "&next=" + encode(next));
            JsonNode answer = callApi("GET", "/" + kind.apiCollection(), query, null, Repeat.SAFE);
            if (answer.path("data").size() > PAGE_LIMIT) {
                throw new ApiException("GET", basePath + "/" + kind.apiCollection(), 200, "a page has "
                        + answer.path("data").size() + " records, more than the " + PAGE_LIMIT + " requested");
            }
            for (JsonNode item : answer.path("data")) {
                RemoteFile record = readRecord(kind, item);
                // Prune deletes by these lists, so a list that contradicts itself is not used at all.
                if (!seenSlugs.add(record.slug())) {
                    throw new ApiException("GET", basePath + "/" + kind.apiCollection(), 200,
                            "record " + record.slug() + " is listed twice");
                }
                files.add(record);
            }
            next = text(answer.path("paging").path("next"));
            if (next == null || next.isEmpty()) {
                return files;
            }
            if (!seenAnchors.add(next)) {
                throw new ApiException("GET", basePath + "/" + kind.apiCollection(), 200,
                        "paging.next '" + next + "' was already followed; stopped listing to avoid an endless loop");
            }
        }
        throw new ApiException("GET", basePath + "/" + kind.apiCollection(), 200,
                "more than " + MAX_PAGES + " pages; stopped listing");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Create is not safe to repeat blindly: when an attempt fails without a clear response (no
     * response, or a 5xx), the first attempt may still have made a record. So the unprocessed
     * records of this name are listed and deleted before the next attempt, and no orphan is left.
     */
    @Override
    public PendingUpload create(FileKind kind, String fileName, long sizeBytes) {
        return create(kind, fileName, sizeBytes, Map.of());
    }

    @Override
    public PendingUpload create(FileKind kind, String fileName, long sizeBytes, Map<String, String> fields) {
        for (int attempt = 1; ; attempt++) {
            try {
                return createOnce(kind, fileName, sizeBytes, fields);
            } catch (ApiException e) {
                boolean ambiguous = e.status() == ApiException.NO_RESPONSE || e.status() >= 500;
                if (!ambiguous || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (attempt >= RetryPolicy.MAX_ATTEMPTS) {
                    throw e.withNote("(gave up after " + attempt + " attempts)");
                }
                Duration wait = retry.delayAfter(attempt, null).orElseThrow();
                log.warn("Creating '{}' failed without a clear response ({}); attempt {} of {}, removing any record"
                        + " it made and retrying in {}", fileName, e.getMessage(), attempt, RetryPolicy.MAX_ATTEMPTS,
                        RetryPolicy.format(wait));
                retry.sleep(wait);
                deleteUnfinished(kind, fileName);
            }
        }
    }

    private PendingUpload createOnce(FileKind kind, String fileName, long sizeBytes, Map<String, String> fields) {
        ObjectNode body = json.createObjectNode()
                .put("upload_file_name", fileName)
                .put("upload_file_size", sizeBytes);
        fields.forEach(body::put);
        JsonNode data = callApi("POST", "/" + kind.apiCollection(), "", body, Repeat.ONLY_WHEN_REJECTED)
                .path("data");
        RemoteFile record = readRecord(kind, data);
        String uploadUrl = text(data.path("upload_url"));
        if (uploadUrl == null || uploadUrl.isEmpty()) {
            throw new ApiException("POST", basePath + "/" + kind.apiCollection(), 201,
                    "the answer has no data.upload_url for " + record.slug());
        }
        return new PendingUpload(record, new PresignedUrl(uploadUrl));
    }

    private void deleteUnfinished(FileKind kind, String fileName) {
        String name = Normalizer.normalize(fileName, Normalizer.Form.NFC);
        for (RemoteFile record : list(kind)) {
            if (!record.processed() && Normalizer.normalize(record.uploadFileName(), Normalizer.Form.NFC).equals(name)) {
                delete(kind, record.slug());
                log.warn("Deleted unfinished record {} of '{}' left by the failed attempt", record.slug(), fileName);
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A 5xx or a lost connection is retried with the whole body while the URL is still valid.
     * An expired URL, or one that would expire before the next attempt starts, raises
     * {@link UploadUrlExpiredException}.
     */
    @Override
    public void upload(PendingUpload upload, Path file, long sizeBytes) {
        String path = upload.uploadUrl().path();
        checkSize(file, sizeBytes, path);
        Optional<Instant> expiry = upload.uploadUrl().expiry();
        for (int attempt = 1; ; attempt++) {
            if (expiry.isPresent() && retry.now().plus(EXPIRY_MARGIN).isAfter(expiry.get())) {
                throw new UploadUrlExpiredException(path, ApiException.NO_RESPONSE,
                        "the upload URL expires at " + expiry.get() + ", too soon to start the upload");
            }
            long started = System.nanoTime();
            HttpTransport.Answer answer;
            try {
                answer = transport.putFile(upload.uploadUrl().reveal(), file, "application/octet-stream", path);
            } catch (ApiException e) {
                retryOrThrow(attempt, null, e);
                continue;
            }
            log.debug("PUT {} -> {} ({} bytes, {} ms)", upload.uploadUrl(), answer.status(), sizeBytes,
                    millisSince(started));
            if (answer.successful()) {
                return;
            }
            String message = PresignedUrl.maskSecretParameters(
                    s3Message(answer.body()).replace(upload.uploadUrl().reveal(), upload.uploadUrl().toString()));
            if (answer.status() == 403 && answer.body().contains("Request has expired")) {
                throw new UploadUrlExpiredException(path, answer.status(), message);
            }
            ApiException failure = new ApiException("PUT", path, answer.status(), message);
            if (!RetryPolicy.retryableStatus(answer.status())) {
                throw failure;
            }
            retryOrThrow(attempt, answer.retryAfter(), failure);
        }
    }

    /** Checks the size, which was declared at create and is signed into the URL: a file that changed cannot be sent. */
    private static void checkSize(Path file, long sizeBytes, String path) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ApiException("PUT", path, ApiException.NO_RESPONSE,
                    "cannot read " + file.getFileName() + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (size != sizeBytes) {
            throw new ApiException("PUT", path, ApiException.NO_RESPONSE,
                    file.getFileName() + " changed size during the sync (" + sizeBytes + " bytes declared, "
                            + size + " now); run the sync again");
        }
    }

    @Override
    public RemoteFile confirm(FileKind kind, String slug) {
        JsonNode answer = callApi("POST", "/" + kind.apiCollection() + "/" + encode(slug) + "/uploaded", "", null,
                Repeat.SAFE);
        RemoteFile record = readRecordOr(kind, answer.path("data"), slug);
        if (answer.path("data").has("processed") && !record.processed()) {
            throw new ApiException("POST", basePath + "/" + kind.apiCollection() + "/" + slug + "/uploaded", 200,
                    "the record is still not processed after the confirmation");
        }
        return record;
    }

    @Override
    public RemoteFile update(FileKind kind, String slug, FlagUpdate update) {
        ObjectNode body = json.createObjectNode();
        if (update.isExpose() != null) {
            body.put("is_expose", update.isExpose());
        }
        if (update.certificatePassword() != null) {
            body.put("certificate_password", update.certificatePassword().reveal());
        }
        if (update.isProtected() != null) {
            body.put("is_protected", update.isProtected());
        }
        JsonNode answer = callApi("PATCH", "/" + kind.apiCollection() + "/" + encode(slug), "", body, Repeat.SAFE);
        return readRecordOr(kind, answer.path("data"), slug);
    }

    /** {@inheritDoc} A record that is already gone (404) counts as deleted, so a repeated delete succeeds. */
    @Override
    public void delete(FileKind kind, String slug) {
        try {
            callApi("DELETE", "/" + kind.apiCollection() + "/" + encode(slug), "", null, Repeat.SAFE);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            log.debug("{} {} was already deleted", kind.displayName(), slug);
        }
    }

    @Override
    public RemoteDownload show(FileKind kind, String slug) {
        JsonNode data = callApi("GET", "/" + kind.apiCollection() + "/" + encode(slug), "", null, Repeat.SAFE)
                .path("data");
        String url = text(data.path("download_url"));
        return new RemoteDownload(readRecordOr(kind, data, slug),
                url == null || url.isEmpty() ? null : new PresignedUrl(url));
    }

    @Override
    public byte[] download(PresignedUrl url) {
        for (int attempt = 1; ; attempt++) {
            HttpTransport.Bytes answer;
            try {
                answer = transport.download(url.reveal(), url.path());
            } catch (ApiException e) {
                retryOrThrow(attempt, null, e);
                continue;
            }
            log.debug("GET {} -> {} ({} bytes)", url, answer.status(), answer.body().length);
            if (answer.status() >= 200 && answer.status() < 300) {
                return answer.body();
            }
            String message = PresignedUrl.maskSecretParameters(
                    s3Message(new String(answer.body(), StandardCharsets.UTF_8)));
            ApiException failure = new ApiException("GET", url.path(), answer.status(), message);
            if (!RetryPolicy.retryableStatus(answer.status())) {
                throw failure;
            }
            retryOrThrow(attempt, null, failure);
        }
    }

    /** The failures of a call that may be repeated. */
    private enum Repeat {
        /** Repeating has the same effect as sending once: list, show, update, confirm, delete. */
        SAFE,
        /** Only a 429, which means the server did nothing: create. */
        ONLY_WHEN_REJECTED
    }

    /** Calls an app endpoint with the token and returns the parsed JSON body of a 2xx response. */
    private JsonNode callApi(String method, String path, String query, JsonNode body, Repeat repeat) {
        String fullPath = basePath + path;
        Map<String, String> headers = body == null
                ? Map.of("Authorization", token.reveal(), "Accept", "application/json")
                : Map.of("Authorization", token.reveal(), "Accept", "application/json",
                        "Content-Type", "application/json; charset=utf-8");
        byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        HttpTransport.Answer answer = null;
        for (int attempt = 1; answer == null; attempt++) {
            long started = System.nanoTime();
            try {
                answer = transport.send(method, appUrl + path + query, headers, bytes, fullPath);
            } catch (ApiException e) {
                if (repeat != Repeat.SAFE) {
                    throw e;
                }
                retryOrThrow(attempt, null, e);
                continue;
            }
            log.debug("{} {}{} -> {} ({} ms)", method, fullPath, query, answer.status(), millisSince(started));
            boolean repeatable = answer.status() == 429 || repeat == Repeat.SAFE && RetryPolicy.retryableStatus(answer.status());
            if (repeatable) {
                retryOrThrow(attempt, answer.retryAfter(), failure(method, fullPath, answer));
                answer = null;
            }
        }
        if (answer.status() >= 300 && answer.status() < 400) {
            String location = answer.location() == null ? "nowhere" : PresignedUrl.withoutQuery(answer.location());
            throw new ApiException(method, fullPath, answer.status(), "redirect to " + location
                    + " not followed, so the token is not sent to another address; check api_base_url");
        }
        if (!answer.successful()) {
            throw failure(method, fullPath, answer);
        }
        if (answer.body().isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new ApiException(method, fullPath, answer.status(), "the response is not JSON");
        }
    }

    private ApiException failure(String method, String fullPath, HttpTransport.Answer answer) {
        return new ApiException(method, fullPath, answer.status(),
                PresignedUrl.maskSecretParameters(scrub(apiMessage(answer.body()))));
    }

    /**
     * Waits before the next attempt, logging one WARN line, or throws {@code failure} when the
     * attempts are used up or the server requests a wait longer than the cap.
     */
    private void retryOrThrow(int attempt, String retryAfter, ApiException failure) {
        // An interrupted thread is being stopped (the run is ending): no retry and no WARN line.
        if (Thread.currentThread().isInterrupted()) {
            throw failure;
        }
        if (attempt >= RetryPolicy.MAX_ATTEMPTS) {
            throw failure.withNote("(gave up after " + attempt + " attempts)");
        }
        Optional<Duration> wait = retry.delayAfter(attempt, retryAfter);
        if (wait.isEmpty()) {
            throw failure.withNote("(the server asked to retry after " + retryAfter + ", longer than the "
                    + RetryPolicy.MAX_RETRY_AFTER.toSeconds() + " s this run waits)");
        }
        String outcome = failure.status() == ApiException.NO_RESPONSE ? "got no answer" : "answered " + failure.status();
        log.warn("{} {} {}; attempt {} of {}, retrying in {}", failure.method(), failure.path(), outcome, attempt,
                RetryPolicy.MAX_ATTEMPTS, RetryPolicy.format(wait.get()));
        retry.sleep(wait.get());
    }

    private RemoteFile readRecordOr(FileKind kind, JsonNode item, String slug) {
        if (item.isObject() && text(item.path("slug")) == null) {
            ((ObjectNode) item).put("slug", slug);
        }
        // The caller exports this slug and sends flags to it, so it must be the record that was asked for.
        if (item.isObject() && !slug.equals(text(item.path("slug")))) {
            throw new ApiException("GET", basePath + "/" + kind.apiCollection() + "/" + slug, 200,
                    "the response describes another record than " + slug);
        }
        return item.isObject() ? readRecord(kind, item) : new RemoteFile(kind, slug, "", 0, true, true, false,
                null, null);
    }

    private static RemoteFile readRecord(FileKind kind, JsonNode item) {
        String slug = text(item.path("slug"));
        if (slug == null || slug.isEmpty()) {
            throw new ApiException("GET", kind.apiCollection(), 200, "a record in the response has no slug");
        }
        // Slugs go into request paths, file names and outputs, so a hostile or broken server must not
        // be able to send "../x" or a line break through them. The value is not quoted, for the same reason.
        if (!SLUG.matcher(slug).matches()) {
            throw new ApiException("GET", kind.apiCollection(), 200, "a record in the response has an invalid slug;"
                    + " a slug contains only letters, digits, '-' and '_'");
        }
        String envKey = text(item.path("user_env_key"));
        if (envKey != null && !envKey.isEmpty() && !ENV_KEY.matcher(envKey).matches()) {
            throw new ApiException("GET", kind.apiCollection(), 200, "record " + slug + " has an invalid"
                    + " user_env_key; an environment variable name contains only letters, digits and '_'");
        }
        String password = text(item.path("certificate_password"));
        String sha256 = text(item.path("file_sha256"));
        return new RemoteFile(
                kind,
                slug,
                text(item.path("upload_file_name")) == null ? "" : text(item.path("upload_file_name")),
                item.path("upload_file_size").asLong(-1),
                item.path("processed").asBoolean(false),
                item.path("is_expose").asBoolean(false),
                item.path("is_protected").asBoolean(false),
                password == null ? null : Secret.of(password),
                sha256 == null || sha256.isEmpty() ? null : sha256.toLowerCase(Locale.ROOT),
                envKey);
    }

    /** Reads the error message of a JSON error body: {@code message}, {@code error_msg} or {@code error}. */
    static String apiMessage(String body) {
        try {
            JsonNode error = new ObjectMapper().readTree(body);
            for (String field : List.of("message", "error_msg", "error")) {
                String message = text(error.path(field));
                if (message != null && !message.isBlank()) {
                    return message;
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // Not JSON: fall through to the first line of the text.
        }
        return firstLine(body);
    }

    /** Reads the {@code Code} and {@code Message} of an S3 XML error body. */
    static String s3Message(String body) {
        Matcher code = S3_ERROR_CODE.matcher(body);
        Matcher message = S3_ERROR_MESSAGE.matcher(body);
        if (code.find()) {
            return code.group(1) + (message.find() ? " (" + message.group(1) + ")" : "");
        }
        return firstLine(body);
    }

    private String scrub(String message) {
        return token.isEmpty() ? message : message.replace(token.reveal(), "*****");
    }

    private static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
