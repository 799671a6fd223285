package io.signingsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Makes fresh, real signing files with openssl and keytool: CMS-signed provisioning profiles,
 * .p12 certificates and Android keystores. Each call makes a new key, so every file differs in
 * content, UUID and certificate serial. Slow-ish: about 0.1 to 0.5 s per file.
 */
public final class SigningFixtures {
    public static final String TEAM_ID = "E2ETEAM123";

    /** A signing identity: a self-signed certificate and its key, both PEM. */
    public record Identity(Path certificatePem, Path keyPem, String commonName) {
    }

    /** A provisioning profile written to {@code file}, with the values inside its plist. */
    public record Profile(Path file, String uuid, String name) {
    }

    private final Path workDir;

    public SigningFixtures(Path workDir) {
        this.workDir = workDir;
    }

    /** Makes a self-signed RSA certificate valid for two years. */
    public Identity identity(String commonName) {
        String id = UUID.randomUUID().toString();
        Path key = workDir.resolve("key-" + id + ".pem");
        Path certificate = workDir.resolve("cert-" + id + ".pem");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "730",
                "-subj", "/CN=" + commonName + "/OU=" + TEAM_ID + "/O=signing-sync e2e/C=US",
                "-keyout", key.toString(), "-out", certificate.toString());
        return new Identity(certificate, key, commonName);
    }

    /** Writes a CMS-signed profile (DER) like Apple's, signed by {@code signer} and naming it as developer certificate. */
    public Profile profile(Path file, String name, Identity signer) {
        return profile(file, name, signer, ZonedDateTime.now(ZoneOffset.UTC).withNano(0).plusYears(2));
    }

    /** Writes a CMS-signed profile like {@link #profile(Path, String, Identity)} that expires at {@code expiration}. */
    public Profile profile(Path file, String name, Identity signer, ZonedDateTime expiration) {
        String uuid = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
        Path plist = workDir.resolve("profile-" + uuid + ".plist");
        try {
            Files.writeString(plist, plist(uuid, name, signer, expiration), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run("openssl", "cms", "-sign", "-nodetach", "-outform", "DER", "-binary",
                "-in", plist.toString(), "-signer", signer.certificatePem().toString(),
                "-inkey", signer.keyPem().toString(), "-out", file.toString());
        return new Profile(file, uuid, name);
    }

    /** Exports {@code identity} as a .p12 with openssl's default (AES-256, PBKDF2) protection. */
    public Path p12(Path file, Identity identity, String password) {
        run("openssl", "pkcs12", "-export", "-inkey", identity.keyPem().toString(), "-in", identity.certificatePem().toString(),
                "-name", identity.commonName(), "-passout", "pass:" + password, "-out", file.toString());
        return file;
    }

    /** Makes a PKCS12 Android keystore with one key pair under {@code alias}; store and key share {@code password}. */
    public Path keystore(Path file, String alias, String password) {
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "730", "-alias", alias, "-dname", "CN=signing-sync e2e keystore",
                "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        return file;
    }

    static String plist(String uuid, String name, Identity signer, ZonedDateTime expiration) {
        String certificateBase64;
        try {
            String pem = Files.readString(signer.certificatePem());
            certificateBase64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            Base64.getDecoder().decode(certificateBase64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
        return String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">",
                "<plist version=\"1.0\">",
                "<dict>",
                "\t<key>AppIDName</key>", "\t<string>signing-sync example</string>",
                "\t<key>ApplicationIdentifierPrefix</key>", "\t<array>", "\t\t<string>" + TEAM_ID + "</string>", "\t</array>",
                "\t<key>CreationDate</key>", "\t<date>" + format.format(now) + "</date>",
                "\t<key>Platform</key>", "\t<array>", "\t\t<string>iOS</string>", "\t</array>",
                "\t<key>DeveloperCertificates</key>", "\t<array>", "\t\t<data>" + certificateBase64 + "</data>", "\t</array>",
                "\t<key>Entitlements</key>", "\t<dict>",
                "\t\t<key>application-identifier</key>", "\t\t<string>" + TEAM_ID + ".io.signingsync.example</string>",
                "\t\t<key>com.apple.developer.team-identifier</key>", "\t\t<string>" + TEAM_ID + "</string>",
                "\t\t<key>get-task-allow</key>", "\t\t<false/>",
                "\t</dict>",
                "\t<key>ExpirationDate</key>", "\t<date>" + format.format(expiration.withZoneSameInstant(ZoneOffset.UTC)) + "</date>",
                "\t<key>Name</key>", "\t<string>" + name.replace("&", "&amp;").replace("<", "&lt;") + "</string>",
                "\t<key>TeamIdentifier</key>", "\t<array>", "\t\t<string>" + TEAM_ID + "</string>", "\t</array>",
                "\t<key>TeamName</key>", "\t<string>signing-sync e2e</string>",
                "\t<key>TimeToLive</key>", "\t<integer>730</integer>",
                "\t<key>UUID</key>", "\t<string>" + uuid + "</string>",
                "\t<key>Version</key>", "\t<integer>1</integer>",
                "</dict>",
                "</plist>",
                "");
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Command failed: " + String.join(" ", redact(command)) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command[0] + "; is it installed?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<String> redact(String[] command) {
        List<String> shown = new ArrayList<>();
        for (String part : command) {
            shown.add(part.startsWith("pass:") ? "pass:***" : part);
        }
        return shown;
    }
}
