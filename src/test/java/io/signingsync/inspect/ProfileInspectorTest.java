package io.signingsync.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.signingsync.testing.SigningFiles;
import io.signingsync.testing.SigningFiles.Identity;
import io.signingsync.testing.SigningFiles.Profile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileInspectorTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant EXPIRY = NOW.plus(Duration.ofDays(200));

    @TempDir
    Path temp;

    private final ProfileInspector inspector = new ProfileInspector();
    private HttpServer server;
    private final AtomicInteger serverRequests = new AtomicInteger();

    /** Starts a server on 127.0.0.1 that counts every request, so a test can show that none was sent. */
    @BeforeEach
    void startCountingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            serverRequests.incrementAndGet();
            byte[] body = "<!ENTITY leaked \"LEAKED-FROM-SERVER\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String serverUrl(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void profileFieldsRead() throws Exception {
        Identity first = SigningFiles.identity("Apple Distribution: Example Ltd (ABCDE12345)", "ABCDE12345", NOW);
        Identity second = SigningFiles.identity("Apple Development: Someone (ZYXWV98765)", "ABCDE12345", NOW);
        Profile profile = Profile.of("Example App Store", EXPIRY, first, second);

        ProfileInfo info = inspector.inspect(profile.encoded());

        assertEquals(profile.uuid(), info.uuid());
        assertEquals("Example App Store", info.name());
        assertEquals("ABCDE12345", info.teamIdentifier());
        assertEquals("ABCDE12345.com.example.app", info.appIdentifier());
        assertEquals(EXPIRY, info.expirationDate());
        assertEquals(2, info.developerCertificates().size());
    }

    @Test
    void developerCertificatesRead() throws Exception {
        Identity first = SigningFiles.identity("Apple Distribution: Example Ltd (ABCDE12345)", "ABCDE12345", NOW);
        Identity second = SigningFiles.identity("Apple Development: Someone (ZYXWV98765)", "ABCDE12345", NOW);

        ProfileInfo info = inspector.inspect(Profile.of("Two Certificates", EXPIRY, first, second).encoded());

        assertEquals(List.of(first.sha256(), second.sha256()),
                info.developerCertificates().stream().map(CertificateInfo::sha256).toList());
        assertEquals("Apple Development: Someone (ZYXWV98765)", info.developerCertificates().get(1).commonName());
    }

    @Test
    void macAppIdentifierRead() throws Exception {
        Profile profile = Profile.of("Mac App", EXPIRY);
        String plist = profile.plist().replace("<key>application-identifier</key>",
                "<key>com.apple.application-identifier</key>");

        ProfileInfo info = inspector.inspect(SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8)));

        assertEquals("ABCDE12345.com.example.app", info.appIdentifier());
    }

    @Test
    void truncatedProfileRejected() {
        byte[] profile = Profile.of("Cut Short", EXPIRY).encoded();
        byte[] half = SigningFiles.truncated(profile, profile.length / 2);

        InspectionException error = assertThrows(InspectionException.class, () -> inspector.inspect(half));

        assertTrue(error.getMessage().contains("is not a provisioning profile"), error.getMessage());
    }

    @Test
    void plainPlistWithoutEnvelopeRejected() {
        byte[] plist = Profile.of("Unsigned", EXPIRY).plist().getBytes(StandardCharsets.UTF_8);

        InspectionException error = assertThrows(InspectionException.class, () -> inspector.inspect(plist));

        assertTrue(error.getMessage().contains("not a CMS-signed plist"), error.getMessage());
    }

    @Test
    void envelopeWithoutPlistRejected() {
        byte[] envelope = SigningFiles.signedContent("just some text, not XML".getBytes(StandardCharsets.UTF_8));

        InspectionException error = assertThrows(InspectionException.class, () -> inspector.inspect(envelope));

        assertTrue(error.getMessage().contains("cannot be parsed"), error.getMessage());
    }

    @Test
    void envelopeWithOtherXmlRejected() {
        byte[] envelope = SigningFiles.signedContent(
                "<?xml version=\"1.0\"?><html><body>x</body></html>".getBytes(StandardCharsets.UTF_8));

        InspectionException error = assertThrows(InspectionException.class, () -> inspector.inspect(envelope));

        assertTrue(error.getMessage().contains("content is not a plist"), error.getMessage());
    }

    @Test
    void plistWithoutUuidRejected() {
        String plist = Profile.of("No UUID", EXPIRY).plist().replace("<key>UUID</key>", "<key>NotUUID</key>");

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8))));

        assertTrue(error.getMessage().contains("no UUID or Name"), error.getMessage());
    }

    @Test
    void plistWithoutExpirationRejected() {
        String plist = Profile.of("No Expiry", EXPIRY).plist()
                .replace("<key>ExpirationDate</key>", "<key>NotExpirationDate</key>");

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8))));

        assertTrue(error.getMessage().contains("no ExpirationDate"), error.getMessage());
    }

    @Test
    void brokenDeveloperCertificateRejected() {
        Identity identity = SigningFiles.identity("Broken", "ABCDE12345", NOW);
        String plist = Profile.of("Broken Certificate", EXPIRY, identity).plist()
                .replace(identity.base64Der(), "bm90IGEgY2VydGlmaWNhdGU=");

        InspectionException error = assertThrows(InspectionException.class,
                () -> inspector.inspect(SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8))));

        assertTrue(error.getMessage().contains("DeveloperCertificates"), error.getMessage());
    }

    @Test
    void localDtdNeverFetched() throws Exception {
        String doctype = "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"" + serverUrl("/plist.dtd") + "\">";
        String plist = Profile.of("Local DTD", EXPIRY).plist(doctype);

        ProfileInfo info = inspector.inspect(SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8)));

        assertEquals("Local DTD", info.name());
        assertEquals(0, serverRequests.get());
    }

    /**
     * The DTD's host does not resolve (.invalid is reserved), and a proxy selector that records every
     * URL the JDK would open routes any attempt to the local server, so no DNS query or connection
     * leaves the machine even if the parser tried.
     */
    @Test
    void remoteDtdParsesWithoutNetwork() throws Exception {
        String doctype = "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://dtd.invalid/x.dtd\">";
        byte[] profile = SigningFiles.signedContent(
                Profile.of("Remote DTD", EXPIRY).plist(doctype).getBytes(StandardCharsets.UTF_8));
        RecordingProxySelector recorder = new RecordingProxySelector(server.getAddress());
        ProxySelector original = ProxySelector.getDefault();
        ProxySelector.setDefault(recorder);
        ProfileInfo info;
        try {
            info = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> inspector.inspect(profile));
        } finally {
            ProxySelector.setDefault(original);
        }

        assertEquals("Remote DTD", info.name());
        assertEquals(List.of(), recorder.requested);
        assertEquals(0, serverRequests.get());
    }

    @Test
    void fileEntityNotExpanded() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "SECRET-FILE-CONTENT");
        String doctype = "<!DOCTYPE plist [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>";
        String plist = Profile.of("Name&xxe;", EXPIRY).plist(doctype);

        ProfileInfo info = inspector.inspect(SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8)));

        assertFalse(info.name().contains("SECRET-FILE-CONTENT"), info.name());
    }

    @Test
    void entityOnlyNameIsRejected() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "SECRET-FILE-CONTENT");
        String doctype = "<!DOCTYPE plist [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>";
        String plist = Profile.of("&xxe;", EXPIRY).plist(doctype);
        byte[] profile = SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8));

        InspectionException error = assertThrows(InspectionException.class, () -> inspector.inspect(profile));

        assertTrue(error.getMessage().contains("no UUID or Name"), error.getMessage());
        assertFalse(error.getMessage().contains("SECRET-FILE-CONTENT"), error.getMessage());
    }

    @Test
    void httpEntityNeverFetched() throws Exception {
        String doctype = "<!DOCTYPE plist [<!ENTITY xxe SYSTEM \"" + serverUrl("/entity") + "\">]>";
        String plist = Profile.of("Name&xxe;", EXPIRY).plist(doctype);

        ProfileInfo info = inspector.inspect(SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8)));

        assertEquals(0, serverRequests.get());
        assertFalse(info.name().contains("LEAKED"), info.name());
    }

    @Test
    void parameterEntityNeverFetched() {
        String doctype = "<!DOCTYPE plist [<!ENTITY % remote SYSTEM \"" + serverUrl("/parameter") + "\"> %remote;]>";
        String plist = Profile.of("Parameter Entity", EXPIRY).plist(doctype);
        byte[] profile = SigningFiles.signedContent(plist.getBytes(StandardCharsets.UTF_8));

        try {
            inspector.inspect(profile);
        } catch (InspectionException e) {
            // Rejecting the profile is fine; fetching the entity is not.
        }

        assertEquals(0, serverRequests.get());
    }

    /** Records every URI the JDK asks a proxy for and sends the connection to the local server. */
    private static final class RecordingProxySelector extends ProxySelector {

        final List<URI> requested = new CopyOnWriteArrayList<>();
        private final InetSocketAddress localServer;

        RecordingProxySelector(InetSocketAddress localServer) {
            this.localServer = localServer;
        }

        @Override
        public List<Proxy> select(URI uri) {
            requested.add(uri);
            return List.of(new Proxy(Proxy.Type.HTTP, localServer));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException error) {
            // The recorded URI already fails the test.
        }
    }
}
