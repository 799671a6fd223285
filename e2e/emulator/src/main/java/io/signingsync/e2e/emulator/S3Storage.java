package io.signingsync.e2e.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The bucket behind the upload and download URLs. Objects are read and written directly at
 * S3Proxy; pre-signed URLs point at the S3 front, which forwards to S3Proxy with the Host header
 * unchanged so the signature still matches.
 */
final class S3Storage implements AutoCloseable {
    static final String BUCKET = "bitrise-emulator";

    private final S3Client client;
    private final S3Presigner presigner;
    private final S3Presigner directPresigner;
    private final HttpClient directHttp = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Set<String> issuedSignatures = new LinkedHashSet<>();
    private final Set<String> issuedCredentials = new LinkedHashSet<>();

    S3Storage(URI s3proxyEndpoint, URI frontEndpoint) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyProcess.ACCESS_KEY_ID, S3ProxyProcess.SECRET_ACCESS_KEY));
        S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        // Checksums only when required: SDK 2.30+ would otherwise send aws-chunked bodies with
        // trailing checksums, which S3Proxy need not understand.
        this.client = S3Client.builder()
                .endpointOverride(s3proxyEndpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(frontEndpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .build();
        this.directPresigner = S3Presigner.builder()
                .endpointOverride(s3proxyEndpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .build();
    }

    void createBucket() {
        client.createBucket(b -> b.bucket(BUCKET));
    }

    /**
     * Signs a PUT for exactly {@code contentLength} bytes, so content-length is among the signed
     * headers as in Bitrise's URLs (X-Amz-SignedHeaders=content-length;host).
     */
    String presignPut(String key, long contentLength, Duration expiry) {
        String url = presigner.presignPutObject(p -> p
                .signatureDuration(expiry)
                .putObjectRequest(r -> r.bucket(BUCKET).key(key).contentLength(contentLength)))
                .url().toString();
        rememberSecrets(url);
        return url;
    }

    /** Signs a GET with the host header only, like Bitrise's download_url. */
    String presignGet(String key, Duration expiry) {
        String url = presigner.presignGetObject(p -> p
                .signatureDuration(expiry)
                .getObjectRequest(r -> r.bucket(BUCKET).key(key)))
                .url().toString();
        rememberSecrets(url);
        return url;
    }

    /** Returns the stored object's size, or empty when there is no such object. */
    Optional<Long> size(String key) {
        try {
            return Optional.of(client.headObject(r -> r.bucket(BUCKET).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    Optional<byte[]> read(String key) {
        if (size(key).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(client.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray());
    }

    /**
     * Stores bytes directly in S3Proxy (not through the front), with a pre-signed PUT sent by the
     * JDK client. The SDK's URLConnection client failed now and then with "Error writing request
     * body to server" on a loaded machine; the JDK client is what the product uses too.
     */
    void write(String key, byte[] content) {
        String url = directPresigner.presignPutObject(p -> p
                .signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(r -> r.bucket(BUCKET).key(key).contentLength((long) content.length)))
                .url().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<String> response = directHttp.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                throw new IllegalStateException("S3Proxy answered " + response.statusCode() + " to a PUT of " + key
                        + ": " + response.body());
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing " + key, e);
            }
        }
        throw new UncheckedIOException("writing " + key + " to S3Proxy failed 3 times", lastFailure);
    }

    void delete(String key) {
        client.deleteObject(r -> r.bucket(BUCKET).key(key));
    }

    void deleteAll() {
        List<String> keys = new ArrayList<>();
        for (S3Object object : client.listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents()) {
            keys.add(object.key());
        }
        for (String key : keys) {
            delete(key);
        }
        synchronized (this) {
            issuedSignatures.clear();
            issuedCredentials.clear();
        }
    }

    synchronized List<String> issuedSignatures() {
        return new ArrayList<>(issuedSignatures);
    }

    synchronized List<String> issuedCredentials() {
        return new ArrayList<>(issuedCredentials);
    }

    /** Records the URL's signature and credential scope so tests can look for them in logs. */
    private synchronized void rememberSecrets(String url) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = pair.substring(0, eq);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.equals("X-Amz-Signature")) {
                issuedSignatures.add(value);
            } else if (name.equals("X-Amz-Credential")) {
                issuedCredentials.add(value);
            }
        }
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
