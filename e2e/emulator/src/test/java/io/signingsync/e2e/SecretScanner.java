package io.signingsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds secrets in captured text (product output, GITHUB_OUTPUT, envman calls, requests). Each
 * secret is also searched in its URL-encoded form, because signatures and credentials appear
 * encoded inside URLs. A line that starts with GitHub's "::add-mask::" command is skipped: it
 * must name the secret so the runner can mask it, and the runner never prints it.
 */
public final class SecretScanner {
    /** One occurrence: which blob, which secret (by label, never the value itself), and where. */
    public record Finding(String blobName, String secretLabel, int offset, String excerpt) {
        @Override
        public String toString() {
            return secretLabel + " found in " + blobName + " at offset " + offset + ": ..." + excerpt + "...";
        }
    }

    private final Map<String, String> secretsByValue = new LinkedHashMap<>();

    /** Adds a secret; values shorter than 4 characters are ignored because they would match by chance. */
    public SecretScanner secret(String label, String value) {
        if (value != null && value.length() >= 4) {
            secretsByValue.putIfAbsent(value, label);
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            if (!encoded.equals(value)) {
                secretsByValue.putIfAbsent(encoded, label + " (URL-encoded)");
            }
        }
        return this;
    }

    /** Adds the API token and every signature and credential the emulator issued since its last reset. */
    public static SecretScanner forEmulator(TestEmulator emulator) {
        SecretScanner scanner = new SecretScanner().secret("API token", emulator.token());
        JsonNode issued = emulator.admin().issuedSecrets();
        int index = 0;
        for (JsonNode signature : issued.path("signatures")) {
            scanner.secret("X-Amz-Signature #" + (++index), signature.asText());
        }
        index = 0;
        for (JsonNode credential : issued.path("credentials")) {
            scanner.secret("X-Amz-Credential #" + (++index), credential.asText());
        }
        return scanner;
    }

    public Set<String> labels() {
        return new LinkedHashSet<>(secretsByValue.values());
    }

    /** Returns every occurrence of every secret in the named blobs. */
    public List<Finding> scan(Map<String, String> blobs) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, String> blob : blobs.entrySet()) {
            String text = blob.getValue() == null ? "" : blob.getValue();
            for (Map.Entry<String, String> secret : secretsByValue.entrySet()) {
                int from = 0;
                int at;
                while ((at = text.indexOf(secret.getKey(), from)) >= 0) {
                    int lineStart = text.lastIndexOf('\n', at) + 1;
                    if (text.startsWith("::add-mask::", lineStart)) {
                        from = at + 1;
                        continue;
                    }
                    findings.add(new Finding(blob.getKey(), secret.getValue(), at, excerpt(text, at, secret.getKey().length())));
                    from = at + 1;
                }
            }
        }
        return findings;
    }

    /** Shows the text around a finding with every secret masked, so a failing test does not leak them either. */
    private String excerpt(String text, int at, int length) {
        int start = Math.max(0, at - 30);
        int end = Math.min(text.length(), at + length + 30);
        String excerpt = text.substring(start, at) + "<SECRET>" + text.substring(at + length, end);
        for (String secret : secretsByValue.keySet()) {
            excerpt = excerpt.replace(secret, "<SECRET>");
        }
        return excerpt.replace('\n', ' ');
    }
}
