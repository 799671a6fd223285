package io.signingsync.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import kong.unirest.core.Config;
import kong.unirest.core.HttpRequestWithBody;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestException;
import kong.unirest.core.UnirestInstance;

/**
 * The one place that configures the HTTP library (Unirest). It sends exactly the headers it is
 * given: no default Authorization header exists, so a call to S3 can never carry the Bitrise
 * token. Redirects are never followed, for the same reason.
 *
 * <p>The S3 upload streams the file through the JDK's HTTP client instead, because Unirest has
 * no body type that streams a file with a known length: an {@code InputStream} body would be sent
 * chunked, which S3 rejects.
 *
 * <p>Timeouts: 10 s to connect, 60 s until the response headers arrive. The system property
 * {@code signingsync.requestTimeout} (an ISO-8601 duration such as {@code PT2S}) overrides the
 * latter, for slow networks and for the end-to-end tests of timeouts.
 *
 * <p>NOTE: a response body has no time or size limit. A server that sends its body slowly, or
 * without end, keeps the run waiting or fills the memory until the JVM fails. The Bitrise API and
 * S3 are not expected to do that, but a broken proxy could.
 */
public final class HttpTransport implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final UnirestInstance unirest;
    private final HttpClient uploadClient;
    private final String userAgent;

    public HttpTransport(String userAgent) {
        Config config = new Config()
                .connectTimeout((int) CONNECT_TIMEOUT.toMillis())
                .requestTimeout((int) requestTimeout().toMillis())
                .followRedirects(false)
                .enableCookieManagement(false)
                // HTTP/1.1 keeps plain-http calls (the emulator, S3 on loopback) free of h2c upgrade headers.
                .version(HttpClient.Version.HTTP_1_1)
                .setDefaultHeader("User-Agent", userAgent);
        this.unirest = new UnirestInstance(config);
        this.userAgent = userAgent;
        this.uploadClient = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * PUTs a file to a pre-signed URL, streamed from disk with a fixed Content-Length, and returns
     * the answer whatever its status. Only Content-Type and User-Agent are sent: no Authorization.
     *
     * @throws ApiException with status {@link ApiException#NO_RESPONSE} when no answer arrived
     */
    public Answer putFile(String url, Path file, String contentType, String target) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(requestTimeout())
                    .header("Content-Type", contentType)
                    .header("User-Agent", userAgent)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            java.net.http.HttpResponse<String> response = uploadClient.send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body() == null ? "" : response.body(),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException("PUT", target, ApiException.NO_RESPONSE,
                    rootCause(e).getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("PUT", target, ApiException.NO_RESPONSE, "interrupted", e);
        }
    }

    static Duration requestTimeout() {
        String property = System.getProperty("signingsync.requestTimeout");
        if (property == null) {
            return REQUEST_TIMEOUT;
        }
        try {
            return Duration.parse(property);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("signingsync.requestTimeout '" + property
                    + "' is not an ISO-8601 duration such as PT60S", e);
        }
    }

    /**
     * Sends one request and returns the answer, whatever its status.
     *
     * @param target how the request is named in errors: method and path, never a query
     * @throws ApiException with status {@link ApiException#NO_RESPONSE} when no answer arrived
     */
    public Answer send(String method, String url, Map<String, String> headers, byte[] body, String target) {
        HttpRequestWithBody request = unirest.request(method, url).headers(headers);
        try {
            HttpResponse<String> response = body == null ? request.asString() : request.body(body).asString();
            return new Answer(response.getStatus(), response.getBody() == null ? "" : response.getBody(),
                    response.getHeaders().getFirst("Location"), response.getHeaders().getFirst("Retry-After"));
        } catch (UnirestException e) {
            keepInterrupt(e);
            // Only the exception type is reported: messages of the JDK client can quote the URL.
            throw new ApiException(method, target, ApiException.NO_RESPONSE,
                    rootCause(e).getClass().getSimpleName(), null);
        }
    }

    /**
     * GETs a URL with no headers but the User-Agent and returns the body as bytes, whatever the status.
     *
     * @throws ApiException with status {@link ApiException#NO_RESPONSE} when no answer arrived
     */
    public Bytes download(String url, String target) {
        try {
            HttpResponse<byte[]> response = unirest.get(url).asBytes();
            return new Bytes(response.getStatus(), response.getBody() == null ? new byte[0] : response.getBody());
        } catch (UnirestException e) {
            keepInterrupt(e);
            throw new ApiException("GET", target, ApiException.NO_RESPONSE,
                    rootCause(e).getClass().getSimpleName(), null);
        }
    }

    /**
     * A binary answer.
     *
     * @param status the status code
     * @param body the body, empty when there was none
     */
    public record Bytes(int status, byte[] body) {
    }

    /**
     * Sets the thread's interrupt flag again when the request failed because the thread was
     * interrupted: Unirest wraps the InterruptedException and clears the flag, so callers would
     * retry instead of stopping.
     */
    private static void keepInterrupt(UnirestException error) {
        if (rootCause(error) instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void close() {
        unirest.close();
    }

    /**
     * An HTTP answer.
     *
     * @param status the status code
     * @param body the body as text, empty when there was none
     * @param location the Location header, or null
     * @param retryAfter the Retry-After header, or null
     */
    public record Answer(int status, String body, String location, String retryAfter) {

        public boolean successful() {
            return status >= 200 && status < 300;
        }
    }
}
