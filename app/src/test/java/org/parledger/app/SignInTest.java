package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.REGISTER_UNIT;

/**
 * The other ways in, in an application context of their own (so it runs in a JVM of its own, see app/pom.xml):
 * built-in accounts over HTTP Basic, the embedded default's demo accounts, an issuer configured by its JWK set
 * URI, and the per-person limit on changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parledger.sample-data.enabled=false",
        "parledger.embedded.data-dir=target/test-postgres-sign-in",
        "parledger.embedded.clean=true",
        "parledger.security.accounts[0].username=nguyễn.văn.a",
        "parledger.security.accounts[0].name=Nguyễn Văn A",
        "parledger.security.accounts[0].password={bcrypt}$2a$10$DTai7waY.QMIY3NiYkwt6uCbqVn07Rp/JzQhz/K3Vb4MGQKRqdmva",
        "parledger.security.accounts[0].grants=ADMIN",
        "parledger.security.accounts[1].username=council-basic",
        "parledger.security.accounts[1].password={bcrypt}$2a$10$8v/ir2ZXZjFu9lL4l4Ezs.sgn4CEYvmH4/SZQJN1CcbkWOjjzDK3.",
        "parledger.security.accounts[1].grants=COUNCIL,APPRAISER:SNV",
        "parledger.security.demo-accounts.enabled=true",
        "parledger.security.demo-accounts.file=target/sign-in-demo-accounts.txt",
        "parledger.security.rate-limit.mutations=5",
        "parledger.security.rate-limit.per=1h",
        // As behind a reverse proxy (on loopback, the only proxy trusted by default).
        "server.forward-headers-strategy=native"
})
@ContextConfiguration(initializers = TestIssuer.ByJwkSetUri.class)
class SignInTest {
    static {
        try {
            Files.deleteIfExists(Path.of("target/sign-in-demo-accounts.txt"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    private String lastPayload(String stream) {
        return jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ? "
                + "ORDER BY sequencenumber DESC LIMIT 1").param(stream).query(String.class).single();
    }

    private String lastMetadata(String stream) {
        return jdbc.sql("SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ? "
                + "ORDER BY sequencenumber DESC LIMIT 1").param(stream).query(String.class).single();
    }

    @Test
    void aBuiltInAccountSignsInWithBasicItsUtf8NameIntact() {
        GraphQlClient account = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("nguyễn.văn.a", "mật-khẩu-đúng-2025"));
        account.data(REGISTER_UNIT, Map.of("code", "SI-A", "name", "Tỉnh Đăng Nhập"));
        assertThat(lastPayload("unit:SI-A")).contains("\"userId\":\"nguyễn.văn.a\"", "\"role\":\"ADMIN\"");
        assertThat(lastMetadata("unit:SI-A")).contains("\"authMethod\":\"basic\"", "\"actorName\":\"Nguyễn Văn A\"");
    }

    @Test
    void aWrongPasswordOrAnUnknownAccountIsRefusedWith401AndRecordsNothing() {
        long before = events();
        for (String authorization : List.of(GraphQlClient.basic("nguyễn.văn.a", "sai-mật-khẩu"),
                GraphQlClient.basic("nobody", "mật-khẩu-đúng-2025"), GraphQlClient.basic("nguyễn.văn.a", ""),
                "Basic !!!not-base64")) {
            HttpResponse<String> response = new GraphQlClient(port).withAuthorization(authorization)
                    .send(REGISTER_UNIT, Map.of("code", "SI-WRONG", "name", "Sai"));
            assertThat(response.statusCode()).as(authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).contains("Basic realm=\"PAR Ledger\"");
        }
        // A scheme the server cannot check read as anonymous (a client believed itself signed in): 401 too.
        for (String authorization : List.of("Digest username=\"nguyen.van.a\"", "Token abc")) {
            HttpResponse<String> response = new GraphQlClient(port).withAuthorization(authorization).send("{ __typename }", Map.of());
            GraphQlClient.assertHttpRefusal(response, 401, "UNAUTHENTICATED", "Authorization");
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).contains("Basic realm=\"PAR Ledger\"");
        }
        assertThat(events()).isEqualTo(before);
    }

    /** A foreign page could make a browser post text with remembered Basic credentials; only JSON is taken. */
    @Test
    void aPostThatIsNotJsonIsRefusedEvenWithValidCredentials() throws Exception {
        long before = events();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "text/plain")
                .header("Authorization", GraphQlClient.basic("nguyễn.văn.a", "mật-khẩu-đúng-2025"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"mutation { registerUnit(input: {code: \\\"SI-CSRF\\\", "
                        + "name: \\\"X\\\", level: PROVINCE}) { stream } }\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void theDemoAccountsAreWrittenOnceForTheOwnerAndSignIn() throws IOException {
        Path file = Path.of("target/sign-in-demo-accounts.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Map<String, String[]> accounts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#") && !line.isBlank()) accounts.put(line.split("\t")[0], line.split("\t"));
        }
        assertThat(accounts.keySet()).containsExactly("demo-admin", "demo-council", "demo-appraiser", "demo-assessor",
                "demo-survey", "demo-inspector");
        assertThat(accounts.get("demo-assessor")[2]).isEqualTo("ASSESSOR:22");
        assertThat(accounts.values()).allSatisfy(columns -> assertThat(columns[1]).hasSize(20));
        assertThat(accounts.get("demo-admin")[3]).isEqualTo("{\"Authorization\": \""
                + GraphQlClient.basic("demo-admin", accounts.get("demo-admin")[1]) + "\"}");

        GraphQlClient admin = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("demo-admin", accounts.get("demo-admin")[1]));
        admin.data(REGISTER_UNIT, Map.of("code", "SI-DEMO", "name", "Tỉnh Thử"));
        GraphQlClient inspector = new GraphQlClient(port).withAuthorization(
                GraphQlClient.basic("demo-inspector", accounts.get("demo-inspector")[1]));
        assertThat(inspector.data("{ auditTrail(first: 1) { edges { node { kind } } } }", Map.of())).isNotNull();
        assertThat(inspector.error(REGISTER_UNIT, Map.of("code", "SI-INSPECTED", "name", "X")).at("/extensions/code").asString())
                .isEqualTo("WRONG_ROLE");
        assertThat(new GraphQlClient(port).withAuthorization(GraphQlClient.basic("demo-admin", "guess"))
                .send(REGISTER_UNIT, Map.of("code", "SI-GUESS", "name", "X")).statusCode()).isEqualTo(401);
    }

    @Test
    void anIssuerConfiguredByItsKeysIsTrustedAndAnotherIssuersTokenIsNot() {
        new GraphQlClient(port).withGrants("bearer-admin", "ADMIN").data(REGISTER_UNIT, Map.of("code", "SI-JWT", "name", "Tỉnh Token"));
        assertThat(lastMetadata("unit:SI-JWT")).contains("\"authMethod\":\"bearer\"");
        String foreign = TestIssuer.INSTANCE.token(TestIssuer.INSTANCE.claims("bearer-admin", List.of("ADMIN"))
                .issuer("https://idp.elsewhere.example").build());
        assertThat(new GraphQlClient(port).withAuthorization("Bearer " + foreign)
                .send(REGISTER_UNIT, Map.of("code", "SI-FOREIGN", "name", "X")).statusCode()).isEqualTo(401);
    }

    @Test
    void changesBeyondThePersonsLimitAreRefusedWithWhenToRetry() {
        GraphQlClient busy = new GraphQlClient(port).withGrants("busy-admin", "ADMIN");
        for (int i = 0; i < 5; i++) busy.data(REGISTER_UNIT, Map.of("code", "SI-R" + i, "name", "Tỉnh " + i));
        long before = events();
        JsonNode refused = busy.error(REGISTER_UNIT, Map.of("code", "SI-R5", "name", "Tỉnh 5"));
        assertThat(refused.at("/extensions/code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(refused.at("/extensions/retryAfterSeconds").asLong()).isBetween(1L, 3600L);
        assertThat(busy.send(REGISTER_UNIT, Map.of("code", "SI-R6", "name", "Tỉnh 6")).headers().firstValue("Retry-After"))
                .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        JsonNode batch = busy.execute("""
                mutation { a: registerUnit(input: {code: "SI-B1", name: "B1", level: PROVINCE}) { stream }
                           b: registerUnit(input: {code: "SI-B2", name: "B2", level: PROVINCE}) { stream } }""", Map.of());
        assertThat(batch.get("errors")).isNotEmpty().allSatisfy(error ->
                assertThat(error.at("/extensions/code").asString()).isEqualTo("RATE_LIMITED"));
        assertThat(events()).isEqualTo(before);
        new GraphQlClient(port).withGrants("calm-admin", "ADMIN").data(REGISTER_UNIT, Map.of("code", "SI-CALM", "name", "Tỉnh Yên"));
        assertThat(events()).isEqualTo(before + 1);
    }

    @Test
    void subscriptionsTakeBasicCredentialsInConnectionInit() throws Exception {
        try (GraphQlWebSocket council = new GraphQlWebSocket(port, GraphQlClient.basic("council-basic", "council-password-2025"))) {
            assertThat(council.next().get("type").asString()).isEqualTo("connection_ack");
            council.subscribe("1", "subscription { rankingChanged(year: 2025, level: PROVINCE, stage: APPRAISED) { entries { unitCode } } }");
            assertThat(council.next().get("type").asString()).isEqualTo("next");
        }
        GraphQlWebSocket.assertRefused(port, () -> GraphQlClient.basic("council-basic", "wrong"));
    }

    /**
     * Wrong passwords are bounded per client address (parledger.security.failed-sign-ins, 10 a minute): past them, that
     * address's Basic requests are answered 429 RATE_LIMITED without their password being checked, unless it is one
     * known to match just now (which costs no check; FailedSignInsTest: an unknown right one waits too, and the same in
     * a WebSocket's connection_init). Without credentials it reads as before, and another address signs in as before.
     * Sent from 127.0.0.2, so that the other tests' address keeps its allowance.
     */
    @Test
    void afterTenWrongPasswordsFromOneAddressItsPasswordsAreNoLongerChecked() throws IOException {
        String right = GraphQlClient.basic("nguyễn.văn.a", "mật-khẩu-đúng-2025");
        for (int i = 0; i < 10; i++) {
            assertThat(fromAnotherAddress(GraphQlClient.basic("nguyễn.văn.a", "đoán-" + i))).startsWith("HTTP/1.1 401");
        }
        String refused = fromAnotherAddress(GraphQlClient.basic("nguyễn.văn.a", "đoán-10"));
        assertThat(refused).startsWith("HTTP/1.1 429").contains("{\"status\":429,\"code\":\"RATE_LIMITED\"", "\"field\":\"Authorization\"");
        long retryAfter = Long.parseLong(refused.replaceAll("(?s).*\r\nRetry-After: (\\d+)\r\n.*", "$1"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(fromAnotherAddress(null)).as("no credentials: an anonymous reader").startsWith("HTTP/1.1 200");
        assertThat(new GraphQlClient(port).withAuthorization(right).data("{ __typename }", Map.of()).get("__typename").asString())
                .as("another address").isEqualTo("Query");
        assertThat(fromAnotherAddress(right)).as("a password known to match costs no check").startsWith("HTTP/1.1 200");
    }

    /** POST /graphql { __typename } from 127.0.0.2: the whole answer, status line first. */
    private String fromAnotherAddress(String authorization) throws IOException {
        return from("127.0.0.2", null, authorization, "{\"query\":\"{ __typename }\"}");
    }

    /** A province registered by the administrator through the proxy at 127.0.0.3, forwarding for the addresses given. */
    private void registerBehindTheProxy(String code, String forwardedFor) throws IOException {
        String register = "{\"query\":\"mutation { registerUnit(input: {code: \\\"" + code + "\\\", name: \\\"Tỉnh Sau Proxy\\\","
                + " level: PROVINCE}) { stream } }\"}";
        String registered = from("127.0.0.3", forwardedFor, GraphQlClient.basic("nguyễn.văn.a", "mật-khẩu-đúng-2025"), register);
        assertThat(registered).startsWith("HTTP/1.1 200").doesNotContain("\"errors\"");
    }

    /** POST /graphql with the JSON body from the local address, as a proxy that forwards for the addresses given. */
    private String from(String local, String forwardedFor, String authorization, String json) throws IOException {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(local, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            String head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Behind a reverse proxy (server.forward-headers-strategy=native) a client is recorded and limited as the address the
     * proxy saw, never one it wrote itself: the proxy (127.0.0.3 here) appends what it saw to the client's own
     * X-Forwarded-For. Tomcat's default trusted every private network as a proxy, so a client on an intranet (10.x) was
     * taken at its word: measured by hand, its change recorded with clientAddress 198.51.100.66, and a new address per
     * guess escaped the limit on wrong passwords.
     */
    @Test
    void behindAProxyAClientIsRecordedAndLimitedAsTheAddressTheProxySaw() throws IOException {
        registerBehindTheProxy("SI-PROXY", "198.51.100.66, 10.1.2.3");
        assertThat(lastMetadata("unit:SI-PROXY")).contains("\"clientAddress\":\"10.1.2.3\"").doesNotContain("198.51.100.66");

        String typename = "{\"query\":\"{ __typename }\"}";
        for (int i = 0; i < 10; i++) {
            assertThat(from("127.0.0.3", "203.0.113." + i + ", 10.1.2.4", GraphQlClient.basic("nguyễn.văn.a", "đoán-" + i), typename))
                    .startsWith("HTTP/1.1 401");
        }
        assertThat(from("127.0.0.3", "203.0.113.99, 10.1.2.4", GraphQlClient.basic("nguyễn.văn.a", "đoán-10"), typename))
                .as("a new address of its own choosing each time").startsWith("HTTP/1.1 429");
        assertThat(from("127.0.0.3", "10.1.2.5", GraphQlClient.basic("nguyễn.văn.a", "đoán-11"), typename))
                .as("another client behind the same proxy").startsWith("HTTP/1.1 401");
    }

    /**
     * An IPv6 client is limited by its /64 (CountedAddress), however many of its addresses it sends from: before, each
     * address had an allowance of its own, and the eleventh guess here, from a new address, was checked (401) as every
     * further one would have been. Its change is still recorded with its whole address.
     */
    @Test
    void anIpv6ClientIsLimitedByItsNetworkAndRecordedByItsAddress() throws IOException {
        registerBehindTheProxy("SI-IPV6", "2001:db8:66:1::abcd");
        assertThat(lastMetadata("unit:SI-IPV6")).contains("\"clientAddress\":\"2001:db8:66:1:0:0:0:abcd\"");

        String typename = "{\"query\":\"{ __typename }\"}";
        for (int i = 0; i < 10; i++) {
            assertThat(from("127.0.0.3", "2001:db8:66:1::" + Integer.toHexString(i + 1), GraphQlClient.basic("nguyễn.văn.a", "đoán-" + i), typename))
                    .startsWith("HTTP/1.1 401");
        }
        assertThat(from("127.0.0.3", "2001:db8:66:1:ffff:ffff:ffff:ffff", GraphQlClient.basic("nguyễn.văn.a", "đoán-10"), typename))
                .as("another address in the same /64").startsWith("HTTP/1.1 429").contains("2001:db8:66:1::/64");
        assertThat(from("127.0.0.3", "2001:db8:66:2::1", GraphQlClient.basic("nguyễn.văn.a", "đoán-11"), typename))
                .as("the next /64").startsWith("HTTP/1.1 401");
    }

    @Test
    void theEmbeddedDefaultListensOnLoopbackWithGraphiQl() throws Exception {
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        HttpResponse<String> graphiql = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphiql")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(graphiql.statusCode()).isEqualTo(200);
        assertThat(new GraphQlClient(port).data("{ __schema { queryType { name } } }", Map.of()).at("/__schema/queryType/name")
                .asString()).isEqualTo("Query");
    }
}
