package io.signingsync.e2e.contract;

import static io.signingsync.e2e.contract.Fixtures.CERTIFICATES;
import static io.signingsync.e2e.contract.Fixtures.GENERIC_FILES;
import static io.signingsync.e2e.contract.Fixtures.JSON;
import static io.signingsync.e2e.contract.Fixtures.KEYSTORES;
import static io.signingsync.e2e.contract.Fixtures.PROFILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Response bodies below follow the spec's models, for example v0.ProvisionProfileUploadResponseItemModel. */
class ResponseContractTest {

    private static final String PROFILE_ITEM = "\"slug\":\"profile-1\",\"upload_file_name\":\"Team.mobileprovision\","
            + "\"upload_file_size\":4096,\"processed\":false,\"is_expose\":true,\"is_protected\":false";
    private static final String CERTIFICATE_ITEM = "\"slug\":\"cert-1\",\"upload_file_name\":\"Identities.p12\","
            + "\"upload_file_size\":3120,\"processed\":true,\"is_expose\":true,\"is_protected\":false,"
            + "\"certificate_password\":\"secret\","
            + "\"file_sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
            + "\"certificates\":[{\"serial\":\"A1B2C3D4E5F60718\",\"expiry_date\":\"2027-05-28T00:00:00Z\"}]";
    private static final String PAGING = "\"paging\":{\"total_item_count\":2,\"page_item_limit\":50}";

    private final ContractChecker checker = Fixtures.checker();

    @Test
    void profileCreateWithUploadUrlPasses() {
        String body = "{\"data\":{" + PROFILE_ITEM + ",\"upload_url\":\"http://127.0.0.1:9000/bucket/profile-1\"}}";

        List<Violation> violations = checker.checkResponse("POST", PROFILES, 201, JSON, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void certificateListWithPagingPasses() {
        String body = "{\"data\":[{" + CERTIFICATE_ITEM + "}]," + PAGING + "}";

        List<Violation> violations = checker.checkResponse("GET", CERTIFICATES, 200, JSON, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void listWithNextAnchorPasses() {
        String body = "{\"data\":[{" + PROFILE_ITEM + "}],"
                + "\"paging\":{\"total_item_count\":51,\"page_item_limit\":50,\"next\":\"profile-51\"}}";

        List<Violation> violations = checker.checkResponse("GET", PROFILES, 200, JSON, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void emptyListPasses() {
        String body = "{\"data\":[],\"paging\":{\"total_item_count\":0,\"page_item_limit\":50}}";

        List<Violation> violations = checker.checkResponse("GET", KEYSTORES, 200, JSON, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void unprocessedCertificateWithNullsPasses() {
        String body = "{\"data\":{\"slug\":\"cert-2\",\"upload_file_name\":\"Identities.p12\",\"upload_file_size\":3120,"
                + "\"processed\":false,\"is_expose\":true,\"is_protected\":false,"
                + "\"file_sha256\":null,\"certificates\":[]}}";

        List<Violation> violations = checker.checkResponse("POST", CERTIFICATES + "/cert-2/uploaded", 200, JSON, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void unreadableCertificateEntryPasses() {
        String body = "{\"data\":[{\"slug\":\"cert-3\",\"certificates\":[{\"serial\":null,\"expiry_date\":null}]}],"
                + PAGING + "}";

        List<Violation> violations = checker.checkResponse("GET", CERTIFICATES, 200, JSON, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void nullCertificatesArrayFails() {
        String body = "{\"data\":{\"slug\":\"cert-2\",\"certificates\":null}}";

        List<Violation> violations = checker.checkResponse("GET", CERTIFICATES + "/cert-2", 200, JSON, body);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("response 200: body field 'data.certificates' must be array "
                + "(v0.BuildCertificateDownloadResponseItemModel), but is null", violations.get(0).rule());
    }

    @Test
    void keystoreCreateBeforeProcessingPasses() {
        String body = "{\"data\":{\"slug\":\"ks-1\",\"upload_file_name\":\"release\",\"upload_file_size\":2210,"
                + "\"processed\":false,\"is_expose\":true,\"is_protected\":false,\"user_env_key\":\"ANDROID_KEYSTORE\","
                + "\"exposed_meta_datastore\":{\"ALIAS\":\"release\"},\"file_sha256\":null,"
                + "\"certificate_sha256_fingerprint\":null,\"upload_url\":\"http://127.0.0.1:9000/bucket/ks-1\"}}";

        List<Violation> violations = checker.checkResponse("POST", KEYSTORES, 201, JSON, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void keystoreDeleteUsesGenericFileModel() {
        String body = "{\"data\":{\"slug\":\"ks-1\",\"upload_file_name\":\"release\",\"upload_file_size\":2210,"
                + "\"processed\":true,\"is_expose\":true,\"is_protected\":false,\"user_env_key\":\"ANDROID_KEYSTORE\"}}";
        String withFingerprint = "{\"data\":{\"slug\":\"ks-1\",\"certificate_sha256_fingerprint\":\"ED:FB\"}}";

        List<Violation> plain = checker.checkResponse("DELETE", KEYSTORES + "/ks-1", 200, JSON, body);
        List<Violation> extended = checker.checkResponse("DELETE", KEYSTORES + "/ks-1", 200, JSON, withFingerprint);

        assertEquals(List.of(), plain);
        assertEquals(1, extended.size(), extended::toString);
        assertEquals("response 200: body field 'data.certificate_sha256_fingerprint' is not declared in "
                + "v0.ProjectFileStorageResponseItemModel", extended.get(0).rule());
    }

    @Test
    void genericFileShowPasses() {
        String body = "{\"data\":{\"slug\":\"file-1\",\"upload_file_name\":\"service.json\",\"upload_file_size\":812,"
                + "\"processed\":true,\"is_expose\":false,\"is_protected\":false,\"user_env_key\":\"SERVICE_JSON\","
                + "\"exposed_meta_datastore\":{},\"download_url\":\"http://127.0.0.1:9000/bucket/file-1\"}}";

        List<Violation> violations = checker.checkResponse("GET", GENERIC_FILES + "/file-1", 200, JSON, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void errorMessagePasses() {
        List<Violation> violations = checker.checkResponse("GET", PROFILES + "/missing", 404, JSON,
                "{\"message\":\"Not Found\"}");

        assertEquals(List.of(), violations);
    }

    @Test
    void errorWithoutMessageFails() {
        List<Violation> violations = checker.checkResponse("POST", PROFILES, 400, JSON, "{\"error\":\"bad request\"}");
        List<String> keys = violations.stream().map(Violation::key).collect(Collectors.toList());

        assertEquals(2, violations.size(), violations::toString);
        assertTrue(keys.contains("validation.response.body.schema.required"), keys::toString);
        assertTrue(keys.contains("validation.response.body.schema.additionalProperties"), keys::toString);
    }

    @Test
    void missingEnvelopeFails() {
        List<Violation> violations = checker.checkResponse("POST", PROFILES, 201, JSON, "{" + PROFILE_ITEM + "}");
        List<String> rules = violations.stream().map(Violation::rule).collect(Collectors.toList());

        assertTrue(rules.contains(
                "response 201: body field 'data' is required by v0.ProvisionProfileUploadResponseModel but missing"),
                rules::toString);
        assertTrue(rules.contains(
                "response 201: body field 'slug' is not declared in v0.ProvisionProfileUploadResponseModel"),
                rules::toString);
    }

    @Test
    void emptyObjectBodyFails() {
        List<Violation> violations = checker.checkResponse("DELETE", PROFILES + "/profile-1", 200, JSON, "{}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.response.body.schema.required", violations.get(0).key());
    }

    @Test
    void missingPagingFails() {
        List<Violation> violations = checker.checkResponse("GET", CERTIFICATES, 200, JSON, "{\"data\":[]}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("response 200: body field 'paging' is required by v0.BuildCertificateListResponseModel but missing",
                violations.get(0).rule());
    }

    @Test
    void wrongFieldTypeFails() {
        String body = "{\"data\":{\"slug\":\"profile-1\",\"upload_file_size\":\"4096\"}}";

        List<Violation> violations = checker.checkResponse("GET", PROFILES + "/profile-1", 200, JSON, body);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.response.body.schema.type", violations.get(0).key());
        assertEquals("GET /v0.1/apps/{app-slug}/provisioning-profiles/{provisioning-profile-slug}: response 200: "
                + "body field 'data.upload_file_size' must be integer (v0.ProvisionProfileDownloadResponseItemModel), "
                + "but is string", violations.get(0).toString());
    }

    @Test
    void extraItemFieldFails() {
        String body = "{\"data\":[{" + PROFILE_ITEM + ",\"uuid\":\"0000\"}]," + PAGING + "}";

        List<Violation> violations = checker.checkResponse("GET", PROFILES, 200, JSON, body);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("response 200: body field 'data[0].uuid' is not declared in v0.ProvisionProfileResponseItemModel",
                violations.get(0).rule());
    }

    @Test
    void downloadUrlInListItemFails() {
        String body = "{\"data\":[{" + PROFILE_ITEM + ",\"download_url\":\"http://127.0.0.1:9000/x\"}]," + PAGING + "}";

        List<Violation> violations = checker.checkResponse("GET", PROFILES, 200, JSON, body);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.response.body.schema.additionalProperties", violations.get(0).key());
    }

    @Test
    void extraPagingFieldFails() {
        String body = "{\"data\":[],\"paging\":{\"total_item_count\":0,\"page_item_limit\":50,\"page\":1}}";

        List<Violation> violations = checker.checkResponse("GET", GENERIC_FILES, 200, JSON, body);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("response 200: body field 'paging.page' is not declared in v0.PagingResponseModel",
                violations.get(0).rule());
    }

    @Test
    void invalidExpiryDateFails() {
        String body = "{\"data\":[{\"slug\":\"cert-1\",\"certificates\":[{\"serial\":\"01\",\"expiry_date\":\"28/05/2027\"}]}],"
                + PAGING + "}";

        List<Violation> violations = checker.checkResponse("GET", CERTIFICATES, 200, JSON, body);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.response.body.schema.format.date-time", violations.get(0).key());
    }

    @Test
    void createAnsweredWith200Fails() {
        String body = "{\"data\":{" + PROFILE_ITEM + ",\"upload_url\":\"http://127.0.0.1:9000/bucket/profile-1\"}}";

        List<Violation> violations = checker.checkResponse("POST", PROFILES, 200, JSON, body);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("response 200: status is not declared for this operation, which declares 201, 400, 401, 404, 500",
                violations.get(0).rule());
    }

    @Test
    void deleteAnsweredWith204Fails() {
        List<Violation> violations = checker.checkResponse("DELETE", CERTIFICATES + "/cert-1", 204, Map.of(), null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.response.status.unknown", violations.get(0).key());
    }

    @Test
    void missingBodyFails() {
        List<Violation> violations = checker.checkResponse("DELETE", CERTIFICATES + "/cert-1", 200, JSON, null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("response 200: body is missing, but the spec declares v0.BuildCertificateResponseModel",
                violations.get(0).rule());
    }

    @Test
    void missingContentTypeFails() {
        List<Violation> violations = checker.checkResponse("DELETE", PROFILES + "/profile-1", 200, Map.of(),
                "{\"data\":{" + PROFILE_ITEM + "}}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.response.contentType.missing", violations.get(0).key());
    }

    @Test
    void invalidJsonFails() {
        List<Violation> violations = checker.checkResponse("GET", PROFILES + "/profile-1", 200, JSON, "{\"data\":");

        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).rule().startsWith("response 200: body is not valid JSON: "),
                violations.get(0)::rule);
    }
}
