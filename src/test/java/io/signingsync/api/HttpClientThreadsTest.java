package io.signingsync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpClientThreadsTest {

    private HttpServer server;
    private String baseUrl;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void stopsSelectorsOfBothClients(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("upload.bin"), "bytes");
        try (HttpTransport transport = new HttpTransport("test")) {
            transport.send("GET", baseUrl + "/list", Map.of(), null, "GET /list");
            transport.putFile(baseUrl + "/upload", file, "application/octet-stream", "PUT /upload");
        }
        assertTrue(selectorThreads() >= 2, "the API client and the upload client each run a selector thread");

        int alive = HttpClientThreads.stopSelectors(Duration.ofSeconds(5));

        assertEquals(0, alive);
        assertEquals(0, selectorThreads());
    }

    @Test
    void returnsZeroWithoutClients() {
        HttpClientThreads.stopSelectors(Duration.ofSeconds(5));

        assertEquals(0, HttpClientThreads.stopSelectors(Duration.ofSeconds(5)));
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> thread.getClass().getName().equals(HttpClientThreads.SELECTOR_CLASS))
                .count();
    }
}
