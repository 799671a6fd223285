import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sequential baseline of the benchmark: syncs a folder of signing files the way a script of
 * curl calls would, following the documented Bitrise API v0.1 flow one request at a time. It
 * lists each kind page by page, then for each file missing on the app (no processed record of
 * the same name and size) it creates the record, PUTs the bytes to the pre-signed URL, confirms,
 * and PATCHes the flags that differ from is_expose=true, is_protected=false and the certificate
 * password. It does not open the files, so it does none of the product's inspection.
 *
 * <p>Usage: {@code java -cp CLASSPATH SequentialBaseline API_BASE_URL APP_SLUG FOLDER}, with the
 * API token in the environment variable {@code BENCH_API_TOKEN} and the .p12 password, if any,
 * in {@code BENCH_CERTIFICATE_PASSWORD}. The token goes raw in the Authorization header of API
 * requests, and the PUT to S3 carries no Authorization header. Exits 1 when a request fails.
 */
public final class SequentialBaseline {

    private static final int PAGE_LIMIT = 50;
    private static final int MAX_PAGES = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final String appUrl;
    private final String token;
    private final String certificatePassword;

    private SequentialBaseline(String apiBaseUrl, String appSlug, String token, String certificatePassword) {
        this.appUrl = apiBaseUrl.replaceAll("/+$", "") + "/apps/" + URLEncoder.encode(appSlug, StandardCharsets.UTF_8);
        this.token = token;
        this.certificatePassword = certificatePassword;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("Usage: SequentialBaseline API_BASE_URL APP_SLUG FOLDER"
                    + " (token in BENCH_API_TOKEN, .p12 password in BENCH_CERTIFICATE_PASSWORD)");
            System.exit(2);
        }
        String token = System.getenv("BENCH_API_TOKEN");
        if (token == null || token.isEmpty()) {
            System.err.println("BENCH_API_TOKEN is missing: set it to the API token of the app");
            System.exit(2);
        }
        String password = System.getenv().getOrDefault("BENCH_CERTIFICATE_PASSWORD", "");
        SequentialBaseline baseline = new SequentialBaseline(args[0], args[1], token, password);
        try {
            baseline.sync(Path.of(args[2]));
        } catch (RequestFailedException e) {
            System.err.println("Sequential baseline failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private void sync(Path folder) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).filter(file -> collection(file) != null).sorted().toList();
        }
        Map<String, List<JsonNode>> remote = new HashMap<>();
        for (String collection : List.of("provisioning-profiles", "build-certificates")) {
            remote.put(collection, list(collection));
        }
        int uploaded = 0;
        for (Path file : files) {
            String collection = collection(file);
            String name = file.getFileName().toString();
            long size = Files.size(file);
            JsonNode existing = remote.get(collection).stream()
                    .filter(record -> record.path("processed").asBoolean(false))
                    .filter(record -> name.equals(record.path("upload_file_name").asText()))
                    .filter(record -> record.path("upload_file_size").asLong(-1) == size)
                    .findFirst().orElse(null);
            JsonNode record = existing == null ? upload(collection, file, name, size) : existing;
            if (existing == null) {
                uploaded++;
            }
            updateFlags(collection, record);
        }
        System.out.println("Sequential baseline: " + files.size() + " files, " + uploaded + " uploaded");
    }

    private List<JsonNode> list(String collection) throws IOException, InterruptedException {
        List<JsonNode> records = new ArrayList<>();
        String next = null;
        for (int page = 1; page <= MAX_PAGES; page++) {
            String query = "?limit=" + PAGE_LIMIT
                    + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            JsonNode answer = callApi("GET", "/" + collection + query, null);
            answer.path("data").forEach(records::add);
            next = answer.path("paging").path("next").asText(null);
            if (next == null || next.isEmpty()) {
                return records;
            }
        }
        throw new RequestFailedException("GET " + collection + " returned more than " + MAX_PAGES + " pages");
    }

    /** Creates the record, PUTs the bytes and confirms; returns the confirmed record. */
    private JsonNode upload(String collection, Path file, String name, long size)
            throws IOException, InterruptedException {
        ObjectNode createBody = json.createObjectNode().put("upload_file_name", name).put("upload_file_size", size);
        JsonNode created = callApi("POST", "/" + collection, createBody).path("data");
        String slug = created.path("slug").asText();

        HttpRequest put = HttpRequest.newBuilder(URI.create(created.path("upload_url").asText()))
                .timeout(TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file)))
                .build();
        HttpResponse<String> answer = http.send(put, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new RequestFailedException("PUT of " + name + " to S3 returned " + answer.statusCode() + ": "
                    + answer.body());
        }
        return callApi("POST", "/" + collection + "/" + slug + "/uploaded", null).path("data");
    }

    /** PATCHes is_expose and the certificate password when they differ, as the product's defaults ask. */
    private void updateFlags(String collection, JsonNode record) throws IOException, InterruptedException {
        ObjectNode settings = json.createObjectNode();
        if (!record.path("is_expose").asBoolean(false)) {
            settings.put("is_expose", true);
        }
        boolean certificate = collection.equals("build-certificates");
        if (certificate && !certificatePassword.isEmpty()
                && !certificatePassword.equals(record.path("certificate_password").asText(""))) {
            settings.put("certificate_password", certificatePassword);
        }
        if (!settings.isEmpty()) {
            callApi("PATCH", "/" + collection + "/" + record.path("slug").asText(), settings);
        }
    }

    private JsonNode callApi(String method, String pathAndQuery, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(appUrl + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Authorization", token)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new RequestFailedException(method + " " + pathAndQuery.replaceAll("\\?.*", "") + " returned "
                    + answer.statusCode() + ": " + answer.body());
        }
        return answer.body().isBlank() ? json.createObjectNode() : json.readTree(answer.body());
    }

    private static String collection(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return null;
        }
        if (name.endsWith(".mobileprovision") || name.endsWith(".provisionprofile")) {
            return "provisioning-profiles";
        }
        return name.endsWith(".p12") ? "build-certificates" : null;
    }

    private static final class RequestFailedException extends RuntimeException {
        RequestFailedException(String message) {
            super(message);
        }
    }
}
