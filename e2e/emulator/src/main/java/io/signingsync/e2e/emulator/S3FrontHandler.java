package io.signingsync.e2e.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host that pre-signed URLs point at. It enforces the real S3 rules S3Proxy lacks, then
 * forwards the request to S3Proxy over a plain socket. A socket, not java.net.http, because the
 * Host header must reach S3Proxy unchanged (SigV4 signs it) and HttpClient refuses to set Host
 * unless a JVM-wide system property is set before its first use.
 */
final class S3FrontHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(S3FrontHandler.class);
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authorization", "proxy-connection", "content-length", "expect");

    private final URI s3proxyEndpoint;
    private final RequestLog requestLog;
    private final Faults faults;

    S3FrontHandler(URI s3proxyEndpoint, RequestLog requestLog, Faults faults) {
        this.s3proxyEndpoint = s3proxyEndpoint;
        this.requestLog = requestLog;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requestLog.record("s3", exchange, body);
            if (faults.apply("s3", exchange)) {
                return;
            }
            if (rejectUnlikeS3(exchange)) {
                return;
            }
            forward(exchange, body);
        } catch (IOException | RuntimeException e) {
            LOG.error("Forwarding {} {} to S3Proxy failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
            sendError(exchange, 500, "InternalError", "The emulator's S3 front could not reach S3Proxy: " + e);
        }
    }

    /** Rejects what real S3 rejects and S3Proxy 4.1.0 accepts or handles differently. Returns true if it sent an error. */
    private boolean rejectUnlikeS3(HttpExchange exchange) throws IOException {
        String transferEncoding = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            sendError(exchange, 501, "NotImplemented",
                    "A header you provided implies functionality that is not implemented", "<Header>Transfer-Encoding</Header>");
            return true;
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        boolean querySigned = rawQuery != null && rawQuery.contains("X-Amz-Signature=");
        if (querySigned && exchange.getRequestHeaders().containsKey("Authorization")) {
            sendError(exchange, 400, "InvalidArgument",
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter"
                            + " or the Authorization header should be specified", "<ArgumentName>Authorization</ArgumentName>");
            return true;
        }
        if (exchange.getRequestMethod().equals("PUT") && !exchange.getRequestHeaders().containsKey("Content-Length")) {
            sendError(exchange, 411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
            return true;
        }
        return false;
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI uri = exchange.getRequestURI();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String method = exchange.getRequestMethod();
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery().toLowerCase(Locale.ROOT);
        boolean contentTypeSigned = rawQuery.contains("x-amz-signedheaders=") && rawQuery.contains("content-type");

        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey();
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                // S3Proxy's Jetty folds a form-encoded body into the query and then fails the
                // signature; real S3 ignores an unsigned Content-Type, so relabel it.
                if (name.equalsIgnoreCase("Content-Type") && !contentTypeSigned
                        && value.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                    value = "application/octet-stream";
                }
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (body.length > 0 || exchange.getRequestHeaders().containsKey("Content-Length")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(s3proxyEndpoint.getHost(), s3proxyEndpoint.getPort()), 5_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            relayResponse(exchange, socket.getInputStream(), method.equals("HEAD"));
        }
    }

    private static void relayResponse(HttpExchange exchange, InputStream in, boolean headRequest) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long contentLength = -1;
        boolean chunked = false;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (lower.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (!HOP_BY_HOP.contains(lower)) {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        byte[] body;
        if (headRequest || status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked(in);
        } else if (contentLength >= 0) {
            body = in.readNBytes((int) contentLength);
        } else {
            body = in.readAllBytes();
        }
        if (headRequest && contentLength >= 0) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(contentLength));
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // Trailers are dropped.
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("S3Proxy closed the connection before the response ended");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        sendError(exchange, status, code, message, "");
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message, String extra) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message>" + extra
                + "<RequestId>" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT)
                + "</RequestId></Error>";
        HttpIo.send(exchange, status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
