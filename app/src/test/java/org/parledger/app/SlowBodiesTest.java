package org.parledger.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that announce a body and send it slowly, or never finish it. Before, a request thread waited for such a body
 * (reading it for GraphQL, or reading the rest of it after the answer so as to keep the connection, on any path):
 * 250 such connections from one anonymous client held Tomcat's 200 threads and every other reader waited. The test
 * context answers a body that does not arrive after 5 s and holds 8 MB of bodies at once (LedgerIntegrationTest).
 */
@LedgerIntegrationTest
class SlowBodiesTest {
    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    private final List<Socket> opened = new ArrayList<>();

    @AfterEach
    void closeWhatIsLeft() throws IOException {
        for (Socket socket : opened) socket.close();
    }

    @Test
    void unfinishedBodiesHoldNoRequestThreadAndAreAnsweredOnTime() throws Exception {
        // 270 connections, more than Tomcat's 200 request threads, each with a body begun and never finished.
        List<Socket> graphQl = new ArrayList<>(), page = new ArrayList<>(), evidence = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            graphQl.add(begun("/graphql", 100_000, 1));
            page.add(begun("/", 100_000, 1));
            evidence.add(begun("/evidence?unit=22", 100_000, 1));
        }
        // Everyone else is answered meanwhile (before, this request waited behind them).
        HttpResponse<String> reader = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reader.statusCode()).isEqualTo(200);
        assertThat(reader.body()).contains("\"__typename\":\"Query\"");
        // A path that takes no body, and an upload refused before its body is read: answered at once, and the connection
        // ends there (the rest of the body is not waited for), as the answer tells the client.
        for (Socket socket : page) assertThat(RawHttp.answerThenEnd(socket)).startsWith("HTTP/1.1 405 ").contains("\r\nConnection: close\r\n");
        for (Socket socket : evidence) assertThat(RawHttp.answerThenEnd(socket)).startsWith("HTTP/1.1 401 ").contains("\r\nConnection: close\r\n");
        // GraphQL waits for the body without a thread, up to the body timeout: then 408 with its code and field.
        for (Socket socket : graphQl) {
            String answer = RawHttp.answerThenEnd(socket);
            assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 408 ");
            JsonNode error = GraphQlClient.json(RawHttp.body(answer)).at("/errors/0");
            assertThat(error.at("/extensions/code").asString()).isEqualTo("QUERY_TIMEOUT");
            assertThat(error.at("/extensions/field").asString()).isEqualTo("body");
        }
    }

    @Test
    void bodiesBeyondWhatTheNodeHoldsAtOnceAreRefusedUntilThereIsRoom() throws Exception {
        double refusedBefore = refusals();
        // Twelve bodies of 900 KB begun and not finished: more than the 8 MB the test context holds at once.
        List<Socket> begun = new ArrayList<>();
        for (int i = 0; i < 12; i++) begun.add(begun("/graphql", 1_000_000, 900_000));
        List<String> answers = new ArrayList<>();
        for (Socket socket : begun) answers.add(RawHttp.answerThenEnd(socket));
        List<String> refused = answers.stream().filter(answer -> RawHttp.statusLine(answer).equals("HTTP/1.1 503 ")).toList();
        assertThat(refused).isNotEmpty();
        // Those that had room waited for the rest of their body, and were answered 408 when it did not come.
        assertThat(answers).allSatisfy(answer -> assertThat(RawHttp.statusLine(answer)).isIn("HTTP/1.1 503 ", "HTTP/1.1 408 "));
        assertThat(answers.size() - refused.size()).isGreaterThanOrEqualTo(8);
        String unavailable = refused.get(0);
        assertThat(unavailable).contains("Retry-After: 1");
        JsonNode error = GraphQlClient.json(RawHttp.body(unavailable)).at("/errors/0");
        assertThat(error.at("/extensions/code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(error.at("/extensions/field").asString()).isEqualTo("body");
        assertThat(error.at("/extensions/retryAfterSeconds").asInt()).isEqualTo(1);
        assertThat(refusals() - refusedBefore).isEqualTo(refused.size());
        // Every body answered gave its room back: a body as large as any the server takes is read and answered.
        String query = "{\"query\":\"{ __typename }\",\"variables\":{\"padding\":\"" + "x".repeat(1_000_000) + "\"}}";
        HttpResponse<String> large = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(large.body()).contains("\"__typename\":\"Query\"");
    }

    @Test
    void aRequestWhoseBodyWasReadKeepsItsConnection() throws Exception {
        // The connection ends only where a body was left unread: two requests, one after the other, on one connection.
        Socket socket = new Socket("127.0.0.1", port);
        opened.add(socket);
        socket.setSoTimeout(20_000);
        byte[] body = "{\"query\":\"{ __typename }\"}".getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        for (int i = 0; i < 2; i++) {
            out.write(request);
            out.write(body);
            out.flush();
            String answer = RawHttp.readOne(in);
            assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 200 ");
            assertThat(answer).doesNotContainIgnoringCase("Connection: close").contains("\"__typename\":\"Query\"");
        }
        // A GET, on the same connection, too.
        out.write("GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(RawHttp.statusLine(RawHttp.readOne(in))).isEqualTo("HTTP/1.1 200 ");
    }

    @Test
    void aBodyThatArrivesInPiecesIsAnsweredForTheSignedInPerson() throws Exception {
        // A slow sender's body is received without a thread, then handed on: the person signed in before it arrived is
        // the one who acts (an admin's change; an anonymous sender would be refused UNAUTHENTICATED).
        String authorization = GraphQlClient.admin(port).authorization();
        byte[] body = ("{\"query\":\"mutation { registerUnit(input: {code: \\\"SB-1\\\", name: \\\"Tỉnh Chậm\\\", level: PROVINCE}) "
                + "{ stream } }\"}").getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket("127.0.0.1", port);
        opened.add(socket);
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: "
                + authorization + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        int half = body.length / 2;
        out.write(body, 0, half);
        out.flush();
        // The rest comes later, as from a slow link (what the server does meanwhile is what this test is about).
        Thread.sleep(300);
        out.write(body, half, body.length - half);
        out.flush();
        String answer = RawHttp.readOne(socket.getInputStream());
        assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 200 ");
        assertThat(answer).contains("\"registerUnit\":{\"stream\":").doesNotContain("errors");
        await().untilAsserted(() -> assertThat(GraphQlClient.admin(port).data("{ unit(code: \"SB-1\") { name } }", Map.of())
                .at("/unit/name").asString()).isEqualTo("Tỉnh Chậm"));
    }

    @Test
    void onePersonSendingFilesSlowlyHoldsAtMostEightUploadsAtOnce() throws Exception {
        // An upload is read on a request thread (after sign-in and the unit's grant are checked): one assessor's account
        // sending files a byte at a time held every thread before. Now eight at once per person; the ninth is refused at once.
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(TestDocuments.REGISTER_UNIT, Map.of("code", "SB-E", "name", "Tỉnh Tải Chậm"));
        String slowly = admin.withGrants("slow-assessor", "ASSESSOR:SB-E").authorization();
        List<Socket> uploading = new ArrayList<>();
        for (int i = 0; i < 8; i++) uploading.add(begun("/evidence?unit=SB-E&name=scan-" + i + ".pdf", slowly, 100_000, 1));
        // Once all eight are in progress (until then a try may be taken, and is stored), the next is refused, without being read.
        await().untilAsserted(() -> assertThat(EvidenceUploads.upload(port, slowly, "SB-E", "more.pdf", "application/pdf", EvidenceUploads.PDF)
                .statusCode()).isEqualTo(429));
        HttpResponse<String> refused = EvidenceUploads.upload(port, slowly, "SB-E", "more.pdf", "application/pdf", EvidenceUploads.PDF);
        GraphQlClient.assertHttpRefusal(refused, 429, "RATE_LIMITED", "body");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("8 uploads in progress").doesNotContain("Exception");
        // Someone else uploads meanwhile.
        String another = admin.withGrants("quick-assessor", "ASSESSOR:SB-E").authorization();
        assertThat(EvidenceUploads.upload(port, another, "SB-E", "quick.pdf", "application/pdf", EvidenceUploads.PDF).statusCode()).isEqualTo(201);
        // The slow uploads given up, their person may upload again.
        for (Socket socket : uploading) socket.close();
        await().untilAsserted(() -> assertThat(EvidenceUploads.upload(port, slowly, "SB-E", "later.pdf", "application/pdf", EvidenceUploads.PDF)
                .statusCode()).isEqualTo(201));
    }

    /** A connection that has sent a POST's headers announcing {@code length} bytes of body, then {@code sent} of them. */
    private Socket begun(String path, int length, int sent) throws IOException {
        return begun(path, null, length, sent);
    }

    /** The same, signed in with this Authorization header. */
    private Socket begun(String path, String authorization, int length, int sent) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        opened.add(socket);
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] begun = new byte[sent];
        Arrays.fill(begun, (byte) ' ');
        begun[0] = '{';
        try {
            out.write(begun);
            out.flush();
        } catch (SocketException refused) {
            // Answered and closed before all of it was sent (no room for it): the answer is read next.
        }
        return socket;
    }

    private double refusals() {
        Counter counter = meters.find("parledger.refusals").tag("code", "UNAVAILABLE").tag("limit", "bodies-in-flight").counter();
        return counter == null ? 0 : counter.count();
    }
}
