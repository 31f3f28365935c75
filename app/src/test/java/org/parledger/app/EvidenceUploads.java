package org.parledger.app;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Uploads an evidence file the way a client does: POST /evidence?unit=…&name=… with the bytes as the body. */
final class EvidenceUploads {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A small but real PDF. */
    static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages "
            + "/Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);

    private EvidenceUploads() {
    }

    static HttpResponse<String> upload(int port, String authorization, String unit, String name, String type, byte[] body)
            throws IOException, InterruptedException {
        String query = "unit=" + URLEncoder.encode(unit, StandardCharsets.UTF_8)
                + (name == null ? "" : "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/evidence?" + query))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) request.header("Authorization", authorization);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The SHA-256 under which an upload's answer says the file is kept. */
    static String sha256(HttpResponse<String> uploaded) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(uploaded.body()).get("sha256").asString();
    }

    /** GET of a kept file's address (from a journey's or audit entry's url), with this Authorization or none. */
    static HttpResponse<byte[]> download(int port, String authorization, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (authorization != null) request.header("Authorization", authorization);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
