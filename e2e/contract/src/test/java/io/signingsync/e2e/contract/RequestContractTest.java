package io.signingsync.e2e.contract;

import static io.signingsync.e2e.contract.Fixtures.AUTHORIZED;
import static io.signingsync.e2e.contract.Fixtures.AUTHORIZED_JSON;
import static io.signingsync.e2e.contract.Fixtures.CERTIFICATES;
import static io.signingsync.e2e.contract.Fixtures.GENERIC_FILES;
import static io.signingsync.e2e.contract.Fixtures.KEYSTORES;
import static io.signingsync.e2e.contract.Fixtures.PROFILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestContractTest {

    private final ContractChecker checker = Fixtures.checker();

    static Stream<Arguments> wellFormedRequests() {
        return Stream.of(
                // provisioning profiles
                Arguments.of("GET", PROFILES, "limit=50&next=profile-0", AUTHORIZED, null),
                Arguments.of("POST", PROFILES, null, AUTHORIZED_JSON,
                        "{\"upload_file_name\":\"Team.mobileprovision\",\"upload_file_size\":4096}"),
                Arguments.of("GET", PROFILES + "/profile-1", null, AUTHORIZED, null),
                Arguments.of("PATCH", PROFILES + "/profile-1", null, AUTHORIZED_JSON,
                        "{\"is_expose\":true,\"is_protected\":false,\"processed\":true}"),
                Arguments.of("POST", PROFILES + "/profile-1/uploaded", null, AUTHORIZED, null),
                Arguments.of("DELETE", PROFILES + "/profile-1", null, AUTHORIZED, null),
                // build certificates
                Arguments.of("GET", CERTIFICATES, "limit=1", AUTHORIZED, null),
                Arguments.of("POST", CERTIFICATES, null, AUTHORIZED_JSON,
                        "{\"upload_file_name\":\"Identities.p12\",\"upload_file_size\":3120}"),
                Arguments.of("GET", CERTIFICATES + "/cert-1", null, AUTHORIZED, null),
                Arguments.of("PATCH", CERTIFICATES + "/cert-1", null, AUTHORIZED_JSON,
                        "{\"certificate_password\":\"secret\",\"is_expose\":false}"),
                Arguments.of("POST", CERTIFICATES + "/cert-1/uploaded", null, AUTHORIZED, null),
                Arguments.of("DELETE", CERTIFICATES + "/cert-1", null, AUTHORIZED, null),
                // generic project files
                Arguments.of("GET", GENERIC_FILES, null, AUTHORIZED, null),
                Arguments.of("POST", GENERIC_FILES, null, AUTHORIZED_JSON,
                        "{\"upload_file_name\":\"service.json\",\"upload_file_size\":812,\"user_env_key\":\"SERVICE_JSON\"}"),
                Arguments.of("GET", GENERIC_FILES + "/file-1", null, AUTHORIZED, null),
                Arguments.of("PATCH", GENERIC_FILES + "/file-1", null, AUTHORIZED_JSON,
                        "{\"user_env_key\":\"SERVICE_JSON\",\"is_expose\":true,\"exposed_meta_datastore\":{\"team\":\"ios\"}}"),
                Arguments.of("POST", GENERIC_FILES + "/file-1/uploaded", null, AUTHORIZED, null),
                Arguments.of("DELETE", GENERIC_FILES + "/file-1", null, AUTHORIZED, null),
                // Android keystores (the spec declares no update operation)
                Arguments.of("GET", KEYSTORES, "next=ks-0&limit=10", AUTHORIZED, null),
                Arguments.of("POST", KEYSTORES, null, AUTHORIZED_JSON,
                        "{\"alias\":\"release\",\"password\":\"store-pass\",\"private_key_password\":\"key-pass\","
                                + "\"upload_file_name\":\"release\",\"upload_file_size\":2210,\"keystore_file_name\":\"RELEASE\"}"),
                Arguments.of("GET", KEYSTORES + "/ks-1", null, AUTHORIZED, null),
                Arguments.of("POST", KEYSTORES + "/ks-1/uploaded", null, AUTHORIZED, null),
                Arguments.of("DELETE", KEYSTORES + "/ks-1", null, AUTHORIZED, null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wellFormedRequests")
    void wellFormedRequestPasses(String method, String path, String query, Map<String, List<String>> headers,
            String body) {
        List<Violation> violations = checker.checkRequest(method, path, query, headers, body);

        assertEquals(List.of(), violations);
    }

    @Test
    void undeclaredBodyFieldFails() {
        List<Violation> violations = checker.checkRequest("POST", PROFILES, null, AUTHORIZED_JSON,
                "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":10,\"foo\":1}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.body.schema.additionalProperties", violations.get(0).key());
        assertEquals("POST /v0.1/apps/{app-slug}/provisioning-profiles: "
                + "body field 'foo' is not declared in v0.ProvisionProfileUploadParams", violations.get(0).toString());
    }

    @Test
    void readOnlyResponseFieldInUpdateFails() {
        List<Violation> violations = checker.checkRequest("PATCH", CERTIFICATES + "/cert-1", null, AUTHORIZED_JSON,
                "{\"is_expose\":true,\"file_sha256\":\"e3b0\"}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("body field 'file_sha256' is not declared in v0.BuildCertificateUpdateParams",
                violations.get(0).rule());
    }

    @Test
    void wrongBodyTypeFails() {
        List<Violation> violations = checker.checkRequest("POST", PROFILES, null, AUTHORIZED_JSON,
                "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":\"10\"}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.body.schema.type", violations.get(0).key());
        assertEquals("body field 'upload_file_size' must be integer (v0.ProvisionProfileUploadParams), but is string",
                violations.get(0).rule());
    }

    @Test
    void wrongBooleanTypeInUpdateFails() {
        List<Violation> violations = checker.checkRequest("PATCH", PROFILES + "/profile-1", null, AUTHORIZED_JSON,
                "{\"is_protected\":\"yes\"}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.body.schema.type", violations.get(0).key());
    }

    @Test
    void missingUserEnvKeyFails() {
        List<Violation> violations = checker.checkRequest("POST", GENERIC_FILES, null, AUTHORIZED_JSON,
                "{\"upload_file_name\":\"service.json\",\"upload_file_size\":812}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.body.schema.required", violations.get(0).key());
        assertEquals("body field 'user_env_key' is required by v0.ProjectFileStorageUploadParams but missing",
                violations.get(0).rule());
    }

    @Test
    void missingKeystorePasswordsFail() {
        List<Violation> violations = checker.checkRequest("POST", KEYSTORES, null, AUTHORIZED_JSON,
                "{\"upload_file_name\":\"release\",\"upload_file_size\":2210}");
        List<String> rules = violations.stream().map(Violation::rule).collect(Collectors.toList());

        assertEquals(3, violations.size(), violations::toString);
        assertTrue(rules.contains("body field 'alias' is required by v0.AndroidKeystoreFileUploadParams but missing"),
                rules::toString);
        assertTrue(rules.contains("body field 'password' is required by v0.AndroidKeystoreFileUploadParams but missing"),
                rules::toString);
        assertTrue(rules.contains(
                "body field 'private_key_password' is required by v0.AndroidKeystoreFileUploadParams but missing"),
                rules::toString);
    }

    @Test
    void missingCreateBodyFails() {
        List<Violation> violations = checker.checkRequest("POST", CERTIFICATES, null, AUTHORIZED_JSON, null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("request body is missing, but the operation requires v0.BuildCertificateUploadParams",
                violations.get(0).rule());
    }

    @Test
    void limitAboveMaximumFails() {
        List<Violation> violations = checker.checkRequest("GET", PROFILES, "limit=100", AUTHORIZED, null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.parameter.schema.maximum", violations.get(0).key());
        assertEquals("GET /v0.1/apps/{app-slug}/provisioning-profiles: "
                + "query parameter 'limit' is 100, above the maximum of 50", violations.get(0).toString());
    }

    @Test
    void nonIntegerLimitFails() {
        List<Violation> violations = checker.checkRequest("GET", GENERIC_FILES, "limit=fifty", AUTHORIZED, null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("query parameter 'limit' must be integer", violations.get(0).rule());
    }

    @Test
    void undeclaredQueryParameterFails() {
        List<Violation> violations = checker.checkRequest("GET", KEYSTORES, "page=2", AUTHORIZED, null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("query parameter 'page' is not declared for this operation", violations.get(0).rule());
    }

    @Test
    void encodedNextValuePasses() {
        List<Violation> violations = checker.checkRequest("GET", CERTIFICATES, "next=a%2Fb%20c&limit=50", AUTHORIZED, null);

        assertEquals(List.of(), violations);
    }

    @Test
    void unknownPathFails() {
        List<Violation> violations = checker.checkRequest("GET", "/v0.1/apps/app-1/signing-files", null, AUTHORIZED, null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.path.missing", violations.get(0).key());
        assertEquals(null, violations.get(0).pathTemplate());
    }

    @Test
    void pathWithoutBasePathFails() {
        List<Violation> violations = checker.checkRequest("GET", "/apps/app-1/provisioning-profiles", null, AUTHORIZED, null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("path is outside the API base path /v0.1", violations.get(0).rule());
    }

    @Test
    void wrongMethodFails() {
        List<Violation> violations = checker.checkRequest("PUT", PROFILES + "/profile-1", null, AUTHORIZED_JSON, "{}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.operation.notAllowed", violations.get(0).key());
        assertEquals("PUT /v0.1/apps/{app-slug}/provisioning-profiles/{provisioning-profile-slug}: "
                + "method PUT is not declared for this path, which declares GET, DELETE, PATCH",
                violations.get(0).toString());
    }

    @Test
    void keystoreUpdateFails() {
        List<Violation> violations = checker.checkRequest("PATCH", KEYSTORES + "/ks-1", null, AUTHORIZED_JSON,
                "{\"is_expose\":true}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.operation.notAllowed", violations.get(0).key());
    }

    @Test
    void missingAuthorizationFails() {
        List<Violation> violations = checker.checkRequest("DELETE", GENERIC_FILES + "/file-1", null, Map.of(), null);

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.security.missing", violations.get(0).key());
        assertEquals("credentials are missing: send header 'Authorization' (PersonalAccessToken)",
                violations.get(0).rule());
    }

    @Test
    void addonTokenAloneFailsOnCreate() {
        Map<String, List<String>> addonOnly = Map.of(
                "Bitrise-Addon-Auth-Token", List.of("addon-token"),
                "Content-Type", List.of("application/json"));

        List<Violation> violations = checker.checkRequest("POST", PROFILES, null, addonOnly,
                "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":10}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.security.missing", violations.get(0).key());
    }

    @Test
    void lowerCaseHeaderNamesPass() {
        Map<String, List<String>> headers = Map.of(
                "authorization", List.of("personal-token"),
                "content-type", List.of("application/json; charset=utf-8"));

        List<Violation> violations = checker.checkRequest("post", PROFILES, null, headers,
                "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":10}");

        assertEquals(List.of(), violations);
    }

    @Test
    void bodyWithoutContentTypeFails() {
        List<Violation> violations = checker.checkRequest("POST", PROFILES, null, AUTHORIZED,
                "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":10}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.contentType.missing", violations.get(0).key());
    }

    @Test
    void bodyOnConfirmFails() {
        List<Violation> violations = checker.checkRequest("POST", PROFILES + "/profile-1/uploaded", null,
                AUTHORIZED_JSON, "{\"processed\":true}");

        assertEquals(1, violations.size(), violations::toString);
        assertEquals("validation.request.body.unexpected", violations.get(0).key());
    }
}
