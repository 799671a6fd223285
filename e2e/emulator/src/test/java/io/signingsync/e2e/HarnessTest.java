package io.signingsync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests of the harness pieces that do not need the emulator. */
class HarnessTest {
    @TempDir
    Path temp;

    @Test
    void fixturesAreRealSigningFiles() throws Exception {
        SigningFixtures fixtures = new SigningFixtures(temp);
        SigningFixtures.Identity identity = fixtures.identity("iPhone Distribution: signing-sync e2e");
        SigningFixtures.Profile profile = fixtures.profile(temp.resolve("App Store – Café.mobileprovision"), "App Store – Café", identity);
        Path p12 = fixtures.p12(temp.resolve("dist.p12"), identity, "pw-123");

        Process verify = new ProcessBuilder("openssl", "cms", "-verify", "-noverify", "-inform", "DER",
                "-in", profile.file().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String plist = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, verify.waitFor());
        assertTrue(plist.contains("<string>" + profile.uuid() + "</string>"), plist);
        assertTrue(plist.contains("<string>App Store – Café</string>"), plist);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(p12.toFile())) {
            store.load(in, "pw-123".toCharArray());
        }
        String alias = store.aliases().nextElement();
        assertTrue(((X509Certificate) store.getCertificate(alias)).getSubjectX500Principal().getName().contains("signing-sync e2e"));
    }

    @Test
    void keystoreFixtureLoads() throws Exception {
        Path keystore = new SigningFixtures(temp).keystore(temp.resolve("release.keystore"), "release", "ks-pass");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "ks-pass".toCharArray());
        }
        assertTrue(store.isKeyEntry("release"));
    }

    @Test
    void scannerFindsPlainAndEncoded() {
        SecretScanner scanner = new SecretScanner()
                .secret("token", "tok-secret-1")
                .secret("credential", "AKID/20260101/us-east-1/s3/aws4_request");
        List<SecretScanner.Finding> findings = scanner.scan(Map.of(
                "stdout", "calling with tok-secret-1 twice: tok-secret-1",
                "stderr", "url ...X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&...",
                "clean", "nothing here",
                "masked", "::add-mask::tok-secret-1\nok"));
        assertEquals(3, findings.size(), findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.toString().contains("tok-secret-1")), "findings must mask the secret");
        assertTrue(findings.stream().anyMatch(f -> f.blobName().equals("stderr") && f.secretLabel().contains("URL-encoded")));
    }

    @Test
    void githubOutputParsesHeredocs() {
        Map<String, String> outputs = GithubOutputFile.parse("a=1\nmulti<<EOF_X\nx\ny\nEOF_X\nb=2=3\n");
        assertEquals(Map.of("a", "1", "multi", "x\ny", "b", "2=3"), outputs);
    }

    @Test
    void missingProductJarMessage() {
        if (Files.exists(RepoPaths.repoRoot().resolve("target/signing-sync.jar"))) {
            return;
        }
        IllegalStateException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, ProductRun::productJar);
        assertTrue(error.getMessage().contains("mvn -q -DskipTests package"), error.getMessage());
    }

    @Test
    void bitriseRunControlsEnvironment() throws IOException {
        Path jar = standInJar();
        Path workDir = Files.createDirectories(temp.resolve("bitrise-run"));
        ProductRun.Result result = ProductRun.bitrise(workDir)
                .input("bitrise_api_token", "tok-secret-2")
                .env("STAND_IN_EXIT", "2")
                .run(jar);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("env=[ENVMAN_ENVSTORE_PATH, HOME, JAVA_HOME, LANG, PATH, STAND_IN_EXIT, bitrise_api_token]"),
                result.toString());
        assertTrue(result.stdout().contains("stdin=eof"), result.toString());
        assertEquals(List.of("stdin=closed\tadd\t--key\tPROVISIONING_PROFILE_SLUGS\t--value\tA|B"), result.envmanCalls());
        assertFalse(new SecretScanner().secret("token", "tok-secret-2").scan(Map.of("stderr", result.stderr())).isEmpty());
    }

    @Test
    void githubRunKeepsHyphens() throws IOException {
        Path jar = standInJar();
        Path workDir = Files.createDirectories(temp.resolve("github-run"));
        ProductRun.Result result = ProductRun.github(workDir).input("bitrise_api_token", "tok-3").run(jar);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("INPUT_BITRISE-API-TOKEN"), result.toString());
        assertTrue(result.stderr().contains("token=tok-3"), result.toString());
        assertEquals("A|B", result.githubOutputs().get("provisioning-profile-slugs"));
        assertEquals("line 1\nline 2", result.githubOutputs().get("notes"));
    }

    /** Packs the stand-in product class from the test classes into an executable jar. */
    private Path standInJar() throws IOException {
        Path jar = temp.resolve("stand-in.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StandInProduct.class.getName());
        String entry = StandInProduct.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(entry));
            jarOut.write(StandInProduct.class.getClassLoader().getResourceAsStream(entry).readAllBytes());
            jarOut.closeEntry();
        }
        return jar;
    }
}
