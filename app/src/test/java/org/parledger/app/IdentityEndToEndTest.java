package org.parledger.app;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * The recorded actor is the authenticated principal, and nothing else: not a header, not an argument. Wrong,
 * expired, foreign and unsigned tokens are refused with HTTP 401 and record nothing; names are NFC-normalised
 * and invisible characters refused; several grants and the separation of duties hold over HTTP.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNIT = "ID-A";
    private static final int YEAR = 2025;
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    GraphQlClient admin;

    @BeforeAll
    void openAnAssessment() {
        admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", UNIT, "name", "Tỉnh Danh Tính"));
        admin.data(OPEN, Map.of("unit", UNIT, "year", YEAR));
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    private JsonNode lastEventMetadata(String stream) {
        return JSON.readTree(jdbc.sql("""
                        SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?
                        ORDER BY sequencenumber DESC LIMIT 1""").param(stream).query(String.class).single());
    }

    private String lastEventPayload(String stream) {
        return jdbc.sql("""
                        SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?
                        ORDER BY sequencenumber DESC LIMIT 1""").param(stream).query(String.class).single();
    }

    @Test
    void theEventRecordsTheSubjectTheGrantUsedAndItsMetadataTheNameMethodAndAddress() {
        JWTClaimsSet claims = TestIssuer.INSTANCE.claims("nguyen.van.a", List.of("ASSESSOR:" + UNIT))
                .claim("name", "Nguyễn Văn A").build();
        GraphQlClient assessor = new GraphQlClient(port).withAuthorization("Bearer " + TestIssuer.INSTANCE.token(claims));
        assessor.data(SELF_SCORE, Map.of("unit", UNIT, "year", YEAR, "criterion", "1.1", "points", "4"));

        String stream = "assessment:" + UNIT + ":" + YEAR;
        assertThat(lastEventPayload(stream)).contains("\"userId\":\"nguyen.van.a\"", "\"role\":\"ASSESSOR\"",
                "\"scope\":\"" + UNIT + "\"");
        JsonNode metadata = lastEventMetadata(stream);
        assertThat(metadata.get("subject").asString()).isEqualTo("nguyen.van.a");
        assertThat(metadata.get("actorName").asString()).isEqualTo("Nguyễn Văn A");
        assertThat(metadata.get("authMethod").asString()).isEqualTo("bearer");
        assertThat(metadata.get("clientAddress").asString()).isEqualTo("127.0.0.1");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode entry = admin.data("""
                            query($unit: ID!) { auditTrail(unit: $unit, criterion: "1.1") {
                              edges { node { kind actor { userId role scope } actorName authMethod clientAddress } } } }""",
                    Map.of("unit", UNIT)).at("/auditTrail/edges/0/node");
            assertThat(entry.at("/actor/userId").asString()).isEqualTo("nguyen.van.a");
            assertThat(entry.at("/actor/scope").asString()).isEqualTo(UNIT);
            assertThat(entry.get("actorName").asString()).isEqualTo("Nguyễn Văn A");
            assertThat(entry.get("authMethod").asString()).isEqualTo("bearer");
            assertThat(entry.get("clientAddress").asString()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void headersThatOnceChoseTheActorAreIgnored() {
        long before = events();
        JsonNode error = new GraphQlClient(port).withHeader("X-Actor", "sample-admin").withHeader("X-Actor-Role", "ADMIN")
                .error(REGISTER_UNIT, Map.of("code", "ID-FORGED", "name", "Giả mạo"));
        assertThat(error.at("/extensions/code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(events()).isEqualTo(before);

        admin.assessorOf(UNIT).withHeader("X-Actor", "sample-admin").withHeader("X-Actor-Role", "ADMIN")
                .data(SELF_SCORE, Map.of("unit", UNIT, "year", YEAR, "criterion", "1.2.1", "points", "2"));
        assertThat(lastEventPayload("assessment:" + UNIT + ":" + YEAR))
                .contains("\"userId\":\"assessor-" + UNIT + "\"").doesNotContain("sample-admin");
    }

    @Test
    void noArgumentOrVariableChoosesTheActor() {
        long before = events();
        JsonNode answer = admin.assessorOf(UNIT).execute("""
                mutation { recordSelfScore(input: {unit: "ID-A", year: 2025, criterion: "1.1", points: 3,
                  explanation: "x", actor: {userId: "sample-admin", role: "ADMIN"}}) { stream } }""", Map.of());
        assertThat(answer.at("/errors/0/extensions/classification").asString()).isEqualTo("ValidationError");
        JsonNode variables = admin.assessorOf(UNIT).execute(SELF_SCORE, Map.of("unit", UNIT, "year", YEAR,
                "criterion", "1.2.2", "points", "1", "actor", "sample-admin", "userId", "sample-admin"));
        assertThat(variables.has("errors")).isFalse();
        assertThat(lastEventPayload("assessment:" + UNIT + ":" + YEAR)).contains("\"userId\":\"assessor-" + UNIT + "\"");
        assertThat(events()).isEqualTo(before + 1);
    }

    @Test
    void tokensThatDoNotHoldAreRefusedWith401AndRecordNothing() {
        TestIssuer issuer = TestIssuer.INSTANCE;
        Instant now = Instant.now();
        JWTClaimsSet valid = issuer.claims("intruder", List.of("ADMIN")).build();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("expired", issuer.token(issuer.claims("intruder", List.of("ADMIN"))
                .expirationTime(Date.from(now.minusSeconds(600))).issueTime(Date.from(now.minusSeconds(1200))).build()));
        tokens.put("not yet valid", issuer.token(issuer.claims("intruder", List.of("ADMIN"))
                .notBeforeTime(Date.from(now.plusSeconds(600))).build()));
        tokens.put("another issuer", issuer.token(issuer.claims("intruder", List.of("ADMIN"))
                .issuer("https://idp.elsewhere.example").build()));
        tokens.put("another key", issuer.tokenSignedByAnotherKey(valid));
        tokens.put("alg none", new PlainJWT(new PlainHeader(), valid).serialize());
        tokens.put("alg none, signature kept", algNone(issuer.token(valid)));
        tokens.put("payload edited", editedPayload(issuer.token(issuer.claims("intruder", List.of("SURVEY")).build())));
        tokens.put("not a token", "garbage");
        long before = events();
        tokens.forEach((what, token) -> {
            HttpResponse<String> response = new GraphQlClient(port).withAuthorization("Bearer " + token)
                    .send(REGISTER_UNIT, Map.of("code", "ID-" + what.hashCode(), "name", "Kẻ gian"));
            assertThat(response.statusCode()).as(what).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).as(what).contains("invalid_token");
        });
        assertThat(events()).isEqualTo(before);
    }

    /** The header says alg none; the payload and signature are those of a valid token. */
    private static String algNone(String token) {
        String[] parts = token.split("\\.");
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"" + JWSAlgorithm.NONE.getName() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return header + "." + parts[1] + "." + parts[2];
    }

    /** The payload rewritten to claim ADMIN, the signature left as it was. */
    private static String editedPayload(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("SURVEY", "ADMIN");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    }

    @Test
    void namesAreNormalisedAndInvisibleCharactersRefused() {
        long before = events();
        for (String subject : new String[]{"admin\u00A0", "ad\u200Bmin", "admin\u0000", " "}) {
            HttpResponse<String> response = new GraphQlClient(port).withGrants(subject, "ADMIN")
                    .send(REGISTER_UNIT, Map.of("code", "ID-INVISIBLE", "name", "Vô hình"));
            assertThat(response.statusCode()).as(subject.codePoints().boxed().toList().toString()).isEqualTo(401);
        }
        JWTClaimsSet badName = TestIssuer.INSTANCE.claims("tran.b", List.of("ADMIN")).claim("name", "Trần B\u202E").build();
        assertThat(new GraphQlClient(port).withAuthorization("Bearer " + TestIssuer.INSTANCE.token(badName))
                .send(REGISTER_UNIT, Map.of("code", "ID-INVISIBLE", "name", "Vô hình")).statusCode()).isEqualTo(401);
        assertThat(events()).isEqualTo(before);

        String decomposed = "tra\u0302\u0300n.c"; // "trần.c" with combining marks
        new GraphQlClient(port).withGrants(decomposed, "ADMIN").data(REGISTER_UNIT, Map.of("code", "ID-NFC", "name", "Chuẩn hoá"));
        assertThat(lastEventPayload("unit:ID-NFC")).contains("\"userId\":\"trần.c\"");
    }

    @Test
    void aPersonWithSeveralGrantsActsUnderTheOneThatAllowsItButNeverChecksTheirOwnWork() {
        admin.data(REGISTER_UNIT, Map.of("code", "ID-SOD", "name", "Tỉnh Phân Quyền"));
        admin.data(OPEN, Map.of("unit", "ID-SOD", "year", YEAR));
        GraphQlClient everything = new GraphQlClient(port).withGrants("le.van.d", "ASSESSOR:ID-SOD", "APPRAISER:SNV", "COUNCIL");
        for (String leaf : new String[]{"1.1", "1.2.1", "1.2.2"}) {
            everything.data(SELF_SCORE, Map.of("unit", "ID-SOD", "year", YEAR, "criterion", leaf, "points", "1"));
        }
        everything.data(SUBMIT, Map.of("unit", "ID-SOD", "year", YEAR));
        assertThat(lastEventPayload("assessment:ID-SOD:" + YEAR)).contains("\"role\":\"ASSESSOR\"");

        long before = events();
        JsonNode appraise = everything.error(APPRAISE, Map.of("unit", "ID-SOD", "year", YEAR, "criterion", "1.1", "points", "1"));
        assertThat(appraise.at("/extensions/code").asString()).isEqualTo("SEPARATION_OF_DUTIES");
        GraphQlClient appraiser = admin.as("appraiser-sod", "APPRAISER", "SNV");
        for (String leaf : new String[]{"1.1", "1.2.1", "1.2.2"}) {
            appraiser.data(APPRAISE, Map.of("unit", "ID-SOD", "year", YEAR, "criterion", leaf, "points", "1"));
        }
        admin.as("survey-sod", "SURVEY").data(SURVEY, Map.of("unit", "ID-SOD", "year", YEAR, "criterion", "2.1", "points", "5"));
        before = events();
        String verify = "mutation { verifyAssessment(unit: \"ID-SOD\", year: 2025) { stream } }";
        assertThat(everything.error(verify, Map.of()).at("/extensions/code").asString()).isEqualTo("SEPARATION_OF_DUTIES");
        assertThat(appraiser.withGrants("appraiser-sod", "APPRAISER:SNV", "COUNCIL").error(verify, Map.of())
                .at("/extensions/code").asString()).isEqualTo("SEPARATION_OF_DUTIES");
        assertThat(events()).isEqualTo(before);
        admin.as("council-sod", "COUNCIL").data(verify, Map.of());
        assertThat(lastEventPayload("assessment:ID-SOD:" + YEAR)).contains("\"userId\":\"council-sod\"", "\"role\":\"COUNCIL\"");
    }

    @Test
    void subscriptionsAuthenticateInConnectionInit() throws Exception {
        String working = "subscription { rankingChanged(year: 2025, level: PROVINCE, stage: APPRAISED) { entries { unitCode } } }";
        try (GraphQlWebSocket anonymous = new GraphQlWebSocket(port)) {
            anonymous.subscribe("1", working);
            JsonNode refused = anonymous.next();
            assertThat(refused.get("type").asString()).as(refused.toString()).isEqualTo("error");
            assertThat(refused.at("/payload/0/extensions/code").asString()).isEqualTo("UNAUTHENTICATED");
            anonymous.subscribe("2", "subscription { rankingChanged(year: 2025, level: PROVINCE, stage: FINAL) { entries { unitCode } } }");
            assertThat(anonymous.next().get("type").asString()).isEqualTo("next");
        }
        try (GraphQlWebSocket council = GraphQlWebSocket.signedIn(port, "council-ws", "COUNCIL")) {
            council.subscribe("1", working);
            assertThat(council.next().get("type").asString()).isEqualTo("next");
        }
        GraphQlWebSocket.assertRefused(port, () -> "Bearer " + TestIssuer.INSTANCE.tokenSignedByAnotherKey(
                TestIssuer.INSTANCE.claims("intruder", List.of("ADMIN")).build()));
    }
}
