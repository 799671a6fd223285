package io.signingsync.e2e;

import static io.signingsync.e2e.ApiTestSupport.appPath;
import static io.signingsync.e2e.ApiTestSupport.create;
import static io.signingsync.e2e.ApiTestSupport.get;
import static io.signingsync.e2e.ApiTestSupport.json;
import static io.signingsync.e2e.ApiTestSupport.put;
import static io.signingsync.e2e.ApiTestSupport.sendJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(EmulatorExtension.class)
class EmulatorApiTest {
    private static final String PROFILES = "provisioning-profiles";
    private static final String CERTIFICATES = "build-certificates";
    private static final String GENERIC = "generic-project-files";
    private static final String KEYSTORES = "android-keystore-files";

    private static HttpResponse<String> getWithAuthorization(TestEmulator emulator, String path, String authorization) {
        var builder = Http.request(URI.create(emulator.apiUri() + path)).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return Http.send(builder.build());
    }

    @SendsInvalidRequests("sends no Authorization header, which the spec requires")
    @Test
    void missingTokenIs401(TestEmulator emulator) {
        HttpResponse<String> response = getWithAuthorization(emulator, appPath(emulator, PROFILES), null);
        assertEquals(401, response.statusCode());
        assertTrue(json(response).get("message").isTextual(), response.body());
    }

    @Test
    void bearerAndUnknownTokensAre401(TestEmulator emulator) {
        assertEquals(401, getWithAuthorization(emulator, appPath(emulator, PROFILES), "Bearer " + emulator.token()).statusCode());
        assertEquals(401, getWithAuthorization(emulator, appPath(emulator, PROFILES), "not-a-token").statusCode());
    }

    @Test
    void rawAndLegacyTokenFormsAccepted(TestEmulator emulator) {
        assertEquals(200, getWithAuthorization(emulator, appPath(emulator, PROFILES), emulator.token()).statusCode());
        assertEquals(200, getWithAuthorization(emulator, appPath(emulator, PROFILES), "token " + emulator.token()).statusCode());
    }

    @Test
    void unknownOrForeignAppIs404(TestEmulator emulator) {
        emulator.admin().registerApp("other-app", "other-token", false);
        assertEquals(404, get(emulator, "/apps/no-such-app/" + PROFILES).statusCode());
        HttpResponse<String> foreign = get(emulator, "/apps/other-app/" + PROFILES);
        assertEquals(404, foreign.statusCode());
        assertTrue(json(foreign).has("message"));
    }

    @SendsInvalidRequests("sends limit values that are not integers or are above the maximum of 50")
    @ParameterizedTest
    @ValueSource(strings = {"51", "100", "0", "-1", "abc", "1.5"})
    void invalidLimitIs400(String limit, TestEmulator emulator) {
        HttpResponse<String> response = get(emulator, appPath(emulator, PROFILES) + "?limit=" + limit);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(json(response).get("message").isTextual());
    }

    @Test
    void unknownNextIs400(TestEmulator emulator) {
        assertEquals(400, get(emulator, appPath(emulator, PROFILES) + "?next=01AAAAAAAAAAAAAAAAAAAAAAAA").statusCode());
    }

    @Test
    void pagingWalksAllRecords(TestEmulator emulator) {
        for (int i = 0; i < 120; i++) {
            emulator.admin().seed(emulator.appSlug(), PROFILES,
                    AdminClient.object().put("upload_file_name", "p" + i + ".mobileprovision").put("processed", true),
                    ("profile " + i).getBytes(StandardCharsets.UTF_8));
        }
        List<String> slugs = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = null;
        JsonNode paging;
        do {
            HttpResponse<String> response = get(emulator, appPath(emulator, PROFILES) + (next == null ? "" : "?next=" + next));
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = json(response);
            body.get("data").forEach(item -> slugs.add(item.get("slug").asText()));
            pageSizes.add(body.get("data").size());
            paging = body.get("paging");
            assertEquals(120, paging.get("total_item_count").asInt());
            assertEquals(50, paging.get("page_item_limit").asInt());
            next = paging.has("next") ? paging.get("next").asText() : null;
        } while (next != null);
        assertEquals(List.of(50, 50, 20), pageSizes);
        assertEquals(120, new HashSet<>(slugs).size());
        assertFalse(paging.has("next"), "the last page must omit next");
    }

    @Test
    void smallLimitPagesFromNext(TestEmulator emulator) {
        for (int i = 0; i < 5; i++) {
            emulator.admin().seed(emulator.appSlug(), CERTIFICATES, AdminClient.object().put("upload_file_name", "c" + i + ".p12"), null);
        }
        JsonNode first = json(get(emulator, appPath(emulator, CERTIFICATES) + "?limit=2"));
        assertEquals(2, first.get("data").size());
        assertEquals(2, first.get("paging").get("page_item_limit").asInt());
        String next = first.get("paging").get("next").asText();
        JsonNode second = json(get(emulator, appPath(emulator, CERTIFICATES) + "?limit=2&next=" + next));
        assertEquals(next, second.get("data").get(0).get("slug").asText());
    }

    @Test
    void createReturns201WithDefaults(TestEmulator emulator) {
        HttpResponse<String> response = sendJson(emulator, "POST", appPath(emulator, PROFILES),
                "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":10}");
        assertEquals(201, response.statusCode(), response.body());
        JsonNode item = json(response).get("data");
        assertTrue(item.get("slug").asText().matches("[0-9A-Z]{26}"), item.toString());
        assertEquals("a.mobileprovision", item.get("upload_file_name").asText());
        assertEquals(10, item.get("upload_file_size").asInt());
        assertFalse(item.get("processed").asBoolean());
        assertTrue(item.get("is_expose").asBoolean());
        assertFalse(item.get("is_protected").asBoolean());
        assertTrue(item.get("upload_url").asText().contains("X-Amz-SignedHeaders=content-length%3Bhost"), item.toString());
        assertTrue(item.get("upload_url").asText().contains("X-Amz-Expires=600"));
        assertFalse(item.has("file_sha256"), "profiles have no file_sha256 in the spec");
    }

    @SendsInvalidRequests("sends create bodies with missing fields, wrong types or no JSON object")
    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"upload_file_name\":\"a\"}",
        "{\"upload_file_size\":3}",
        "{\"upload_file_name\":\"a\",\"upload_file_size\":\"3\"}",
        "{\"upload_file_name\":\"a\",\"upload_file_size\":3.5}",
        "{\"upload_file_name\":5,\"upload_file_size\":3}",
        "{\"upload_file_name\":\"a\",\"upload_file_size\":-1}",
        "[]",
        "not json"})
    void invalidCreateBodyIs400(String body, TestEmulator emulator) {
        HttpResponse<String> response = sendJson(emulator, "POST", appPath(emulator, CERTIFICATES), body);
        assertEquals(400, response.statusCode(), body + " -> " + response.body());
        assertTrue(json(response).get("message").isTextual());
    }

    @SendsInvalidRequests("sends a generic file create without the required user_env_key")
    @Test
    void genericCreateRequiresUserEnvKey(TestEmulator emulator) {
        assertEquals(400, sendJson(emulator, "POST", appPath(emulator, GENERIC),
                "{\"upload_file_name\":\"a.json\",\"upload_file_size\":3}").statusCode());
        JsonNode item = create(emulator, GENERIC, "{\"upload_file_name\":\"a.json\",\"upload_file_size\":3,\"user_env_key\":\"A_JSON\"}");
        assertEquals("A_JSON", item.get("user_env_key").asText());
        assertFalse(item.has("exposed_meta_datastore"), "no datastore was set, and the spec does not allow null");
    }

    @SendsInvalidRequests("sends keystore creates without the required alias and passwords")
    @Test
    void keystoreCreateRequiresPasswords(TestEmulator emulator) {
        assertEquals(400, sendJson(emulator, "POST", appPath(emulator, KEYSTORES),
                "{\"upload_file_name\":\"release\",\"upload_file_size\":3}").statusCode());
        assertEquals(400, sendJson(emulator, "POST", appPath(emulator, KEYSTORES),
                "{\"upload_file_name\":\"release\",\"upload_file_size\":3,\"alias\":\"a\",\"password\":\"p\"}").statusCode());
        JsonNode item = create(emulator, KEYSTORES,
                "{\"upload_file_name\":\"release\",\"upload_file_size\":3,\"alias\":\"a\",\"password\":\"p\",\"private_key_password\":\"k\"}");
        assertEquals("ANDROID_KEYSTORE", item.get("user_env_key").asText());
        assertEquals("a", item.get("exposed_meta_datastore").get("ALIAS").asText());
        // A second keystore needs keystore_file_name, made of letters, digits and _ only.
        assertEquals(400, sendJson(emulator, "POST", appPath(emulator, KEYSTORES),
                "{\"upload_file_name\":\"r2\",\"upload_file_size\":3,\"alias\":\"a\",\"password\":\"p\",\"private_key_password\":\"k\"}").statusCode());
        assertEquals(400, sendJson(emulator, "POST", appPath(emulator, KEYSTORES),
                "{\"upload_file_name\":\"r2\",\"upload_file_size\":3,\"alias\":\"a\",\"password\":\"p\",\"private_key_password\":\"k\",\"keystore_file_name\":\"bad-name\"}").statusCode());
    }

    @Test
    void keystoresAppearInGenericList(TestEmulator emulator) {
        JsonNode keystore = create(emulator, KEYSTORES,
                "{\"upload_file_name\":\"release\",\"upload_file_size\":3,\"alias\":\"a\",\"password\":\"p\",\"private_key_password\":\"k\"}");
        create(emulator, GENERIC, "{\"upload_file_name\":\"a.json\",\"upload_file_size\":3,\"user_env_key\":\"A_JSON\"}");
        JsonNode generic = json(get(emulator, appPath(emulator, GENERIC)));
        assertEquals(2, generic.get("paging").get("total_item_count").asInt());
        assertEquals(keystore.get("slug"), generic.get("data").get(0).get("slug"));
        assertEquals(1, json(get(emulator, appPath(emulator, KEYSTORES))).get("data").size());
        assertEquals(200, get(emulator, appPath(emulator, GENERIC) + "/" + keystore.get("slug").asText()).statusCode());
    }

    @SendsInvalidRequests("sends PATCH to a keystore, an operation the spec does not declare")
    @Test
    void keystoreHasNoPatch(TestEmulator emulator) {
        JsonNode keystore = create(emulator, KEYSTORES,
                "{\"upload_file_name\":\"release\",\"upload_file_size\":3,\"alias\":\"a\",\"password\":\"p\",\"private_key_password\":\"k\"}");
        assertEquals(404, sendJson(emulator, "PATCH", appPath(emulator, KEYSTORES) + "/" + keystore.get("slug").asText(),
                "{\"is_expose\":false}").statusCode());
    }

    @Test
    void unprocessedRecordsAreListed(TestEmulator emulator) {
        create(emulator, PROFILES, "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":10}");
        emulator.admin().seed(emulator.appSlug(), PROFILES,
                AdminClient.object().put("upload_file_name", "b.mobileprovision").put("processed", true), new byte[] {1, 2});
        JsonNode data = json(get(emulator, appPath(emulator, PROFILES))).get("data");
        assertEquals(2, data.size());
        assertFalse(data.get(0).get("processed").asBoolean());
        assertTrue(data.get(1).get("processed").asBoolean());
    }

    @SendsInvalidRequests("sends an is_expose string and a numeric certificate_password")
    @Test
    void flagRulesAre400(TestEmulator emulator) {
        byte[] content = "cert".getBytes(StandardCharsets.UTF_8);
        JsonNode seeded = emulator.admin().seed(emulator.appSlug(), CERTIFICATES, AdminClient.object()
                .put("upload_file_name", "c.p12").put("processed", true).put("is_protected", true).put("is_expose", true), content);
        String path = appPath(emulator, CERTIFICATES) + "/" + seeded.get("slug").asText();

        assertEquals(400, sendJson(emulator, "PATCH", path, "{\"is_protected\":false}").statusCode());
        assertEquals(400, sendJson(emulator, "PATCH", path, "{\"is_expose\":false}").statusCode());
        assertEquals(400, sendJson(emulator, "PATCH", path, "{\"processed\":false}").statusCode());
        assertEquals(400, sendJson(emulator, "PATCH", path, "{\"is_expose\":\"true\"}").statusCode());
        assertEquals(400, sendJson(emulator, "PATCH", path, "{\"certificate_password\":5}").statusCode());
        // Sending the unchanged values is allowed.
        HttpResponse<String> same = sendJson(emulator, "PATCH", path, "{\"is_protected\":true,\"is_expose\":true,\"processed\":true}");
        assertEquals(200, same.statusCode(), same.body());
    }

    @Test
    void protectedHidesPasswordAndDownload(TestEmulator emulator) {
        JsonNode seeded = emulator.admin().seed(emulator.appSlug(), CERTIFICATES, AdminClient.object()
                .put("upload_file_name", "c.p12").put("processed", true).put("certificate_password", "hunter22"), new byte[] {1});
        String path = appPath(emulator, CERTIFICATES) + "/" + seeded.get("slug").asText();
        JsonNode open = json(get(emulator, path)).get("data");
        assertEquals("hunter22", open.get("certificate_password").asText());
        assertTrue(open.has("download_url"));

        assertEquals(200, sendJson(emulator, "PATCH", path, "{\"is_protected\":true}").statusCode());
        JsonNode closed = json(get(emulator, path)).get("data");
        assertFalse(closed.has("certificate_password"), closed.toString());
        assertFalse(closed.has("download_url"), closed.toString());
        assertEquals("hunter22", emulator.admin().records(emulator.appSlug(), CERTIFICATES).get(0).get("certificate_password").asText());
    }

    @Test
    void patchProcessedActsAsConfirm(TestEmulator emulator) {
        byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
        JsonNode item = create(emulator, PROFILES, "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":10}");
        String path = appPath(emulator, PROFILES) + "/" + item.get("slug").asText();
        assertEquals(400, sendJson(emulator, "PATCH", path, "{\"processed\":true}").statusCode(), "nothing uploaded yet");
        assertEquals(200, put(item.get("upload_url").asText(), content).statusCode());
        HttpResponse<String> patched = sendJson(emulator, "PATCH", path, "{\"processed\":true}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertTrue(json(patched).get("data").get("processed").asBoolean());
    }

    @Test
    void sha256FieldsFollowAppSwitch(TestEmulator emulator) {
        byte[] content = "p12 bytes".getBytes(StandardCharsets.UTF_8);
        ObjectNode fields = AdminClient.object().put("upload_file_name", "c.p12").put("processed", true);
        JsonNode seeded = emulator.admin().seed(emulator.appSlug(), CERTIFICATES, fields, content);
        String path = appPath(emulator, CERTIFICATES) + "/" + seeded.get("slug").asText();
        assertFalse(json(get(emulator, path)).get("data").has("file_sha256"));

        emulator.admin().registerApp(emulator.appSlug(), emulator.token(), true);
        JsonNode served = json(get(emulator, path)).get("data");
        assertEquals(seeded.get("s3_sha256").asText(), served.get("file_sha256").asText());
        assertTrue(served.get("certificates").isArray());

        JsonNode fresh = create(emulator, CERTIFICATES, "{\"upload_file_name\":\"d.p12\",\"upload_file_size\":3}");
        assertTrue(fresh.get("file_sha256").isNull(), "null until processed");
        assertEquals(0, fresh.get("certificates").size());
    }

    @Test
    void deleteReturnsItemAndRemovesObject(TestEmulator emulator) {
        JsonNode seeded = emulator.admin().seed(emulator.appSlug(), PROFILES,
                AdminClient.object().put("upload_file_name", "a.mobileprovision").put("processed", true), new byte[] {7});
        String path = appPath(emulator, PROFILES) + "/" + seeded.get("slug").asText();
        HttpResponse<String> deleted = sendJson(emulator, "DELETE", path, null);
        assertEquals(200, deleted.statusCode());
        assertEquals(seeded.get("slug"), json(deleted).get("data").get("slug"));
        assertEquals(404, get(emulator, path).statusCode());
        assertTrue(emulator.admin().records(emulator.appSlug(), PROFILES).isEmpty());
    }

    @Test
    void requestsAreRecordedWithAuthorization(TestEmulator emulator) {
        get(emulator, appPath(emulator, PROFILES) + "?limit=5");
        List<JsonNode> requests = emulator.admin().requests("api");
        assertEquals(1, requests.size());
        JsonNode request = requests.get(0);
        assertEquals("GET", request.get("method").asText());
        assertEquals("limit=5", request.get("query").asText());
        assertEquals(emulator.token(), request.get("headers").get("Authorization").get(0).asText());
    }

    @Test
    void seededSlugsAreUnique(TestEmulator emulator) {
        Set<String> slugs = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            slugs.add(create(emulator, PROFILES, "{\"upload_file_name\":\"a\",\"upload_file_size\":1}").get("slug").asText());
        }
        assertEquals(20, slugs.size());
    }
}
