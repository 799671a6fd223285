package io.signingsync.e2e;

import static io.signingsync.e2e.ApiTestSupport.appPath;
import static io.signingsync.e2e.ApiTestSupport.create;
import static io.signingsync.e2e.ApiTestSupport.get;
import static io.signingsync.e2e.ApiTestSupport.json;
import static io.signingsync.e2e.ApiTestSupport.put;
import static io.signingsync.e2e.ApiTestSupport.sendJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class S3FrontTest {
    private static final byte[] CONTENT = "App Store – Café profile bytes".getBytes(StandardCharsets.UTF_8);

    private static JsonNode createProfile(TestEmulator emulator, String name, int size) {
        return create(emulator, "provisioning-profiles",
                "{\"upload_file_name\":\"" + name + "\",\"upload_file_size\":" + size + "}");
    }

    @Test
    void createPutConfirmCycle(TestEmulator emulator) throws Exception {
        emulator.admin().registerApp(emulator.appSlug(), emulator.token(), true);
        JsonNode item = create(emulator, "build-certificates",
                "{\"upload_file_name\":\"App Store – Café.p12\",\"upload_file_size\":" + CONTENT.length + "}");
        HttpResponse<String> upload = put(item.get("upload_url").asText(), CONTENT);
        assertEquals(200, upload.statusCode(), upload.body());

        String path = appPath(emulator, "build-certificates") + "/" + item.get("slug").asText();
        HttpResponse<String> confirmed = sendJson(emulator, "POST", path + "/uploaded", null);
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        JsonNode data = json(confirmed).get("data");
        assertTrue(data.get("processed").asBoolean());
        String expectedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT));
        assertEquals(expectedSha, data.get("file_sha256").asText());

        String downloadUrl = json(get(emulator, path)).get("data").get("download_url").asText();
        assertTrue(downloadUrl.contains("X-Amz-SignedHeaders=host&"), downloadUrl);
        HttpResponse<byte[]> download = Http.CLIENT.send(Http.request(URI.create(downloadUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(CONTENT, download.body());

        JsonNode record = emulator.admin().records(emulator.appSlug(), "build-certificates").get(0);
        assertTrue(record.get("in_s3").asBoolean());
        assertEquals(expectedSha, record.get("s3_sha256").asText());
    }

    @Test
    void wrongLengthIsSignatureMismatch(TestEmulator emulator) {
        JsonNode item = createProfile(emulator, "a.mobileprovision", CONTENT.length);
        byte[] longer = (new String(CONTENT, StandardCharsets.UTF_8) + "!").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = put(item.get("upload_url").asText(), longer);
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Code>SignatureDoesNotMatch</Code>"), response.body());
        assertFalse(emulator.admin().records(emulator.appSlug(), "provisioning-profiles").get(0).get("in_s3").asBoolean());
    }

    @Test
    void chunkedPutIs501(TestEmulator emulator) {
        JsonNode item = createProfile(emulator, "a.mobileprovision", CONTENT.length);
        HttpRequest request = Http.request(URI.create(item.get("upload_url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(CONTENT)))
                .build();
        HttpResponse<String> response = Http.send(request);
        assertEquals(501, response.statusCode());
        assertTrue(response.body().contains("<Code>NotImplemented</Code>"), response.body());
    }

    @Test
    void authorizationHeaderOnPutIs400(TestEmulator emulator) {
        JsonNode item = createProfile(emulator, "a.mobileprovision", CONTENT.length);
        HttpRequest request = Http.request(URI.create(item.get("upload_url").asText()))
                .header("Authorization", emulator.token())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(CONTENT))
                .build();
        HttpResponse<String> response = Http.send(request);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("Only one auth mechanism allowed"), response.body());
        // The request log keeps the header value, so scenarios can prove where a token went.
        JsonNode logged = emulator.admin().requests("s3").get(0);
        assertEquals(emulator.token(), logged.get("headers").get("Authorization").get(0).asText());
    }

    @Test
    void expiredUrlIs403(TestEmulator emulator) throws InterruptedException {
        emulator.admin().setPresignExpirySeconds(1);
        JsonNode item = createProfile(emulator, "a.mobileprovision", CONTENT.length);
        assertTrue(item.get("upload_url").asText().contains("X-Amz-Expires=1&"));
        // X-Amz-Date has one-second resolution, so 2 s is the shortest wait that surely expires.
        Thread.sleep(2_100);
        HttpResponse<String> response = put(item.get("upload_url").asText(), CONTENT);
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("Request has expired"), response.body());
    }

    @Test
    void confirmWithoutUploadIs400(TestEmulator emulator) {
        JsonNode item = createProfile(emulator, "a.mobileprovision", CONTENT.length);
        String path = appPath(emulator, "provisioning-profiles") + "/" + item.get("slug").asText();
        assertEquals(400, sendJson(emulator, "POST", path + "/uploaded", null).statusCode());
        assertFalse(emulator.admin().records(emulator.appSlug(), "provisioning-profiles").get(0).get("processed").asBoolean());
    }

    @Test
    void formContentTypeIsAccepted(TestEmulator emulator) {
        JsonNode item = createProfile(emulator, "a.mobileprovision", CONTENT.length);
        HttpRequest request = Http.request(URI.create(item.get("upload_url").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(CONTENT))
                .build();
        assertEquals(200, Http.send(request).statusCode());
    }

    @Test
    void issuedSignaturesAreRecorded(TestEmulator emulator) {
        JsonNode item = createProfile(emulator, "a.mobileprovision", 3);
        String signature = item.get("upload_url").asText().replaceAll(".*X-Amz-Signature=", "");
        JsonNode issued = emulator.admin().issuedSecrets();
        assertEquals(signature, issued.get("signatures").get(0).asText());
        assertTrue(issued.get("credentials").get(0).asText().endsWith("/us-east-1/s3/aws4_request"));
    }
}
