package org.parledger.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.app.config.HttpProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that asks for answers and does not read them. Tomcat writes an answer on its request thread, blocking until
 * the client makes room or the connection times out: before, 250 connections from one anonymous client, each asking for
 * the page's chart library fifty times in one go, held all 200 threads and every other reader waited. Now one address has
 * at most parledger.http.requests-per-address requests in progress (the test context: 120), its answers counted until
 * sent; and requests without credentials, from all addresses together, leave parledger.http.kept-for-signed-in threads
 * (40) for people signed in, where false credentials end their connection. The clients here write from 127.0.0.2 to
 * 127.0.0.4, everyone else from 127.0.0.1.
 */
@LedgerIntegrationTest
class SlowReadersTest {
    private static final String ANOTHER = "127.0.0.2";
    private static final String A_THIRD = "127.0.0.3";
    private static final String A_FOURTH = "127.0.0.4";
    private static final String LIBRARY = "/webjars/chart.js/dist/chart.umd.min.js";
    private static final String TYPENAME = "{\"query\":\"{ __typename }\"}";

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    HttpProperties http;
    @Autowired
    TomcatServerProperties tomcat;
    private final List<Socket> opened = new ArrayList<>();

    @AfterEach
    void closeWhatIsLeft() throws IOException {
        for (Socket socket : opened) socket.close();
    }

    /**
     * Each test counts what its own connections hold: the threads that wrote to an earlier test's connections give their
     * counts back when the closed connection fails their write, and hold none once no request thread is in the valve
     * that counts.
     */
    @BeforeEach
    void noRequestOfAnEarlierTestIsStillCounted() {
        await().untilAsserted(() -> assertThat(requestThreads().keySet()).noneMatch(where -> where.contains(", counted")));
    }

    @Test
    void aClientThatReadsNoAnswerHoldsNoMoreThanItsAddressMay() throws Exception {
        int bound = http.requestsPerAddress();
        double refusedBefore = refusals();
        // 250 connections, more than Tomcat's 200 request threads.
        List<Socket> unread = unreadFrom(ANOTHER, 250);
        // As many as the bound are held; every other connection was refused on its first request.
        await().untilAsserted(() -> assertThat(refusals() - refusedBefore).isEqualTo(250 - bound));
        // Everyone else is answered meanwhile (before, this waited until the unread answers' writes timed out).
        // (Each try on a connection of its own, for at most 15 s in all: without the bound every thread waits 20 s.)
        try {
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> reader = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                        .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(TYPENAME)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(reader.statusCode()).isEqualTo(200);
                assertThat(reader.body()).contains("\"__typename\":\"Query\"");
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not answered; the request threads: " + requestThreads(), e);
        }
        // The address's next request is refused at once, and its connection ends there; on /graphql in GraphQL's shape.
        String refused = graphQlFrom(ANOTHER);
        assertThat(RawHttp.statusLine(refused)).isEqualTo("HTTP/1.1 429 ");
        assertThat(refused).contains("\r\nConnection: close\r\n", "\r\nRetry-After: 1\r\n");
        JsonNode error = GraphQlClient.json(RawHttp.body(refused)).at("/errors/0");
        assertThat(error.at("/extensions/code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(error.at("/extensions/retryAfterSeconds").asInt()).isEqualTo(1);
        assertThat(error.at("/message").asString()).contains(bound + " requests in progress from " + ANOTHER);
        // The refused connections got that refusal alone, in the application's shape outside GraphQL, and nothing for
        // the requests they had sent after it; the held ones have begun their first answer.
        assertThat(heldElseRefused(unread, 429, "RATE_LIMITED")).isEqualTo(bound);
        // The unread connections closed, their threads are given back: the address is answered again.
        for (Socket socket : unread) socket.close();
        await().untilAsserted(() -> assertThat(RawHttp.statusLine(graphQlFrom(ANOTHER))).isEqualTo("HTTP/1.1 200 "));
    }

    @Test
    void readersWithoutCredentialsLeaveThreadsForPeopleSignedIn() throws Exception {
        int anonymous = tomcat.getThreads().getMax() - http.keptForSignedIn();
        int perAddress = http.requestsPerAddress();
        double refusedBefore = refusals("UNAVAILABLE", "anonymous-requests");
        // One address holds as many threads as it may, each answer begun and not read on.
        List<Socket> unread = unreadFrom(ANOTHER, perAddress);
        for (Socket socket : unread) assertThat(RawHttp.statusLine(RawHttp.head(socket.getInputStream()))).isEqualTo("HTTP/1.1 200 ");
        // A second address asks as much again: before, together they held every thread, and nobody else was answered
        // until their writes timed out. Now requests without credentials stop at the threads less those kept.
        List<Socket> third = unreadFrom(A_THIRD, perAddress);
        unread.addAll(third);
        await().untilAsserted(() -> assertThat(refusals("UNAVAILABLE", "anonymous-requests") - refusedBefore)
                .isEqualTo(2 * perAddress - anonymous));
        assertThat(heldElseRefused(third, 503, "UNAVAILABLE")).isEqualTo(anonymous - perAddress);
        // Anyone else without credentials is refused at once, on /graphql in GraphQL's shape.
        String refused = graphQlFrom("127.0.0.1", null);
        assertThat(RawHttp.statusLine(refused)).isEqualTo("HTTP/1.1 503 ");
        JsonNode error = GraphQlClient.json(RawHttp.body(refused)).at("/errors/0");
        assertThat(error.at("/extensions/code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(error.at("/extensions/retryAfterSeconds").asInt()).isEqualTo(1);
        assertThat(error.at("/message").asString()).contains("requests without credentials", "(" + anonymous + ")");
        // Someone signed in is answered (before, this waited for a thread until the unread writes timed out, 20 s), and
        // so are an orchestrator's health checks; false credentials go the signed-in way and are refused as such.
        String admin = "Bearer " + TestIssuer.INSTANCE.token("kept-room-admin", List.of("ADMIN"));
        String signedIn = graphQlFrom("127.0.0.1", admin);
        assertThat(RawHttp.statusLine(signedIn)).isEqualTo("HTTP/1.1 200 ");
        assertThat(signedIn).contains("\"__typename\":\"Query\"");
        assertThat(RawHttp.statusLine(getFrom("/actuator/health/liveness"))).isEqualTo("HTTP/1.1 200 ");
        assertThat(RawHttp.statusLine(graphQlFrom("127.0.0.1", "Bearer not-a-token"))).isEqualTo("HTTP/1.1 401 ");
        assertThat(refusals("UNAVAILABLE", "anonymous-requests") - refusedBefore).isEqualTo(2 * perAddress - anonymous + 1);
        // The unread connections closed, their threads are given back: readers are answered again.
        for (Socket socket : unread) socket.close();
        await().untilAsserted(() -> assertThat(RawHttp.statusLine(graphQlFrom("127.0.0.1", null))).isEqualTo("HTTP/1.1 200 "));
    }

    /**
     * One person signed in, at two addresses, asking for answers and reading none: before, only each address was bounded,
     * so an account at a few addresses held every thread kept for people signed in, and then every other. Now the person
     * holds parledger.http.requests-per-person; beyond, 429 RATE_LIMITED at once and the connection ends, while someone
     * else signed in at the same addresses is answered.
     */
    @Test
    void aPersonSignedInHoldsNoMoreThanTheyMayFromAnyAddress() throws Exception {
        int bound = http.requestsPerPerson();
        int each = bound / 2 + 10;
        assertThat(each).as("within each address's own bound").isLessThanOrEqualTo(http.requestsPerAddress());
        String greedy = "Bearer " + TestIssuer.INSTANCE.token("greedy-reader", List.of("INSPECTOR"));
        double refusedBefore = refusals("RATE_LIMITED", "requests-per-person");
        List<Socket> unread = unreadFrom(ANOTHER, each, greedy);
        unread.addAll(unreadFrom(A_THIRD, each, greedy));
        await().untilAsserted(() -> assertThat(refusals("RATE_LIMITED", "requests-per-person") - refusedBefore)
                .isEqualTo(2 * each - bound));
        // Someone else signed in, at the same address, is answered; the person is refused at once from a third.
        String other = "Bearer " + TestIssuer.INSTANCE.token("another-reader", List.of("INSPECTOR"));
        assertThat(RawHttp.statusLine(graphQlFrom(ANOTHER, other))).isEqualTo("HTTP/1.1 200 ");
        String refused = graphQlFrom(A_FOURTH, greedy);
        assertThat(RawHttp.statusLine(refused)).isEqualTo("HTTP/1.1 429 ");
        assertThat(refused).contains("\r\nConnection: close\r\n", "\r\nRetry-After: 1\r\n");
        JsonNode error = GraphQlClient.json(RawHttp.body(refused)).at("/errors/0");
        assertThat(error.at("/extensions/code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(error.at("/message").asString()).contains("more than " + bound + " requests in progress for ");
        assertThat(heldElseRefused(unread, 429, "RATE_LIMITED")).isEqualTo(bound);
        // Their connections closed, the threads are given back: the person is answered again.
        for (Socket socket : unread) socket.close();
        await().untilAsserted(() -> assertThat(RawHttp.statusLine(graphQlFrom(A_FOURTH, greedy))).isEqualTo("HTTP/1.1 200 "));
    }

    /**
     * False credentials end their connection after the refusal: a request carrying credentials takes a thread kept for
     * people signed in, and a stranger pipelining false ones on many connections, reading none of the short refusals,
     * would otherwise fill each connection's buffers and hold a thread per connection. Each kind of false credentials
     * (a token that is none, a wrong password, a scheme this server cannot check) gets one refusal per connection; someone
     * signed in keeps theirs.
     */
    @Test
    void falseCredentialsEndTheirConnection() throws IOException {
        for (String authorization : List.of("Bearer not-a-token", GraphQlClient.basic("nobody-here", "not-a-password"), "Digest username=\"x\"")) {
            String answers = pipelinedFrom(A_FOURTH, authorization, 3);
            assertThat(RawHttp.statusLine(answers)).as(authorization).isEqualTo("HTTP/1.1 401 ");
            assertThat(answers).as(authorization).containsOnlyOnce("HTTP/1.1 ").contains("\r\nConnection: close\r\n");
        }
        String signedIn = pipelinedFrom(A_FOURTH, "Bearer " + TestIssuer.INSTANCE.token("pipelining-admin", List.of("ADMIN")), 3);
        assertThat(signedIn.split("HTTP/1.1 200 ", -1)).hasSize(4);
    }

    /**
     * So many connections from the address, each asking for the 208 KB library fifty times in one go (pipelined) and
     * reading nothing: its first answer's thread waits on the write (SmallSendBuffers).
     */
    private List<Socket> unreadFrom(String address, int connections) throws IOException {
        return unreadFrom(address, connections, null);
    }

    /** The same, each request with this Authorization header (null: none). */
    private List<Socket> unreadFrom(String address, int connections, String authorization) throws IOException {
        byte[] fifty = ("GET " + LIBRARY + " HTTP/1.1\r\nHost: localhost\r\n" + (authorization == null ? "" : "Authorization: "
                + authorization + "\r\n") + "\r\n").repeat(50).getBytes(StandardCharsets.US_ASCII);
        List<Socket> unread = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket socket = connect(address);
            OutputStream out = socket.getOutputStream();
            out.write(fifty);
            out.flush();
            unread.add(socket);
        }
        return unread;
    }

    /**
     * How many of the unread connections were let in (their first answer begun); each other one got a single refusal
     * with this status and code, to be asked again in a second, and its connection ended (nothing sent after it read).
     */
    private static int heldElseRefused(List<Socket> connections, int status, String code) throws IOException {
        int held = 0;
        for (Socket socket : connections) {
            String head = RawHttp.head(socket.getInputStream());
            if (RawHttp.statusLine(head).equals("HTTP/1.1 200 ")) {
                held++;
                continue;
            }
            String answer = head + RawHttp.answerThenEnd(socket);
            assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 " + status + " ");
            assertThat(answer).contains("\r\nConnection: close\r\n", "\r\nRetry-After: 1\r\n").containsOnlyOnce("HTTP/1.1 ");
            JsonNode body = GraphQlClient.json(RawHttp.body(answer));
            assertThat(body.at("/code").asString()).isEqualTo(code);
            assertThat(body.at("/retryAfterSeconds").asInt()).isEqualTo(1);
        }
        return held;
    }

    /** A connection from the address, with a receive buffer as small as the system allows. */
    private Socket connect(String address) throws IOException {
        Socket socket = new Socket();
        opened.add(socket);
        socket.setReceiveBufferSize(1024);
        socket.bind(new InetSocketAddress(address, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** { __typename } asked from the address on a connection of its own, and the whole answer. */
    private String graphQlFrom(String address) throws IOException {
        return graphQlFrom(address, null);
    }

    /**
     * { __typename } asked from the address with this Authorization header (null: none), and the whole answer; given up
     * after 10 s, half the time an unread write holds its thread.
     */
    private String graphQlFrom(String address, String authorization) throws IOException {
        byte[] body = TYPENAME.getBytes(StandardCharsets.UTF_8);
        return exchange(address, "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n", body);
    }

    /** { __typename } asked so many times over GET in one go on one connection, with this Authorization; every answer. */
    private String pipelinedFrom(String address, String authorization, int requests) throws IOException {
        String one = "GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization + "\r\n";
        return exchange(address, (one + "\r\n").repeat(requests - 1) + one + "Connection: close\r\n\r\n", new byte[0]);
    }

    private String getFrom(String path) throws IOException {
        return exchange("127.0.0.1", "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0]);
    }

    private String exchange(String address, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(address, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return RawHttp.answerThenEnd(socket);
        }
    }

    /**
     * How many request threads wait where (their top frame, and whether they are in a request that RequestsInProgress
     * counts), to say why a request was not answered.
     */
    private static Map<String, Integer> requestThreads() {
        Map<String, Integer> where = new TreeMap<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (!thread.getName().contains("-exec-")) return;
            boolean counted = Arrays.stream(stack).anyMatch(frame -> frame.getClassName().endsWith("RequestsInProgress$Bound"));
            where.merge(thread.getState() + (stack.length > 0 ? " at " + stack[0] : "") + (counted ? ", counted" : ""), 1, Integer::sum);
        });
        return where;
    }

    private double refusals() {
        return refusals("RATE_LIMITED", "requests-per-address");
    }

    private double refusals(String code, String limit) {
        Counter counter = meters.find("parledger.refusals").tag("code", code).tag("limit", limit).counter();
        return counter == null ? 0 : counter.count();
    }
}
