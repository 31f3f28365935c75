package org.parledger.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.parledger.app.integrity.LedgerVerification;
import org.parledger.app.integrity.SnapshotSignatures;
import org.parledger.app.integrity.Verifications;
import org.parledger.proof.EventHashing;
import org.parledger.proof.FigureProof;
import org.parledger.proof.Hashes;
import org.parledger.proof.MerkleTree;
import org.parledger.proof.StoredEvent;
import org.parledger.proof.VerifyProof;
import org.parledger.query.replay.ReplayProgress;
import org.parledger.query.replay.ReplayState;
import org.parledger.query.replay.Replays;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * Tampering as the database's superuser, one case at a time, each undone before the next: every one is detected and
 * located by the verification, and a replay refuses to adopt it. The application's own role cannot change events at
 * all. Runs in an application context of its own (a JVM of its own, see app/pom.xml): it breaks its ledger on purpose.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parledger.sample-data.enabled=false",
        "parledger.embedded.data-dir=target/test-postgres-tampering",
        "parledger.embedded.clean=true",
        "parledger.replay.checkpoint-every=20",
        // The tests verify when they mean to; a timed one would race them for its lock.
        "parledger.integrity.verify-every=0s",
        "parledger.security.rate-limit.mutations=0",
        "parledger.security.demo-accounts.enabled=false"
})
@ContextConfiguration(initializers = TestIssuer.ByIssuerUri.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TamperingTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VERIFY = """
            { verifyLedger { intact intactUpTo events checkpoints checkpointsOk
                             problems { position stream sequence eventId problem } } }""";
    @LocalServerPort
    int port;
    @Autowired
    EmbeddedLedgerDatabase database;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Replays replays;
    @Autowired
    SnapshotSignatures snapshots;
    @Autowired
    Verifications verifications;
    @Autowired
    MeterRegistry meters;
    /** The assessments this node keeps loaded; a forged snapshot is met when an assessment is next loaded from the store. */
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("assessmentCache")
    org.axonframework.common.caching.Cache assessments;
    GraphQlClient admin;
    GraphQlClient inspector;
    JdbcClient superuser;
    String keptCheckpoint;

    @BeforeAll
    void aLedgerSealedByACheckpoint() {
        admin = new GraphQlClient(port).as("admin-1", "ADMIN");
        inspector = new GraphQlClient(port).as("inspector-1", "INSPECTOR");
        superuser = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
        admin.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
        Map<String, Map<String, String>> points = Map.of(
                "T-A", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"),
                "T-B", Map.of("1.1", "4", "1.2.1", "2", "1.2.2", "3"),
                "T-C", Map.of("1.1", "3", "1.2.1", "1", "1.2.2", "2"));
        for (String unit : List.of("T-A", "T-B", "T-C")) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            Scoring.score(admin, unit, 2024, "IT-SET", points.get(unit), "6", null);
            admin.as("council-1", "COUNCIL").data("mutation($u: ID!) { verifyAssessment(unit: $u, year: 2024) { stream } }", Map.of("u", unit));
        }
        admin.as("council-1", "COUNCIL").data("""
                mutation { publishResults(year: 2024, level: PROVINCE, decision: "QĐ 7/QĐ-BCĐ", decidedOn: "2025-03-01") { stream } }""", Map.of());
        // A long stream, so that its assessment is snapshotted (every 100 events).
        admin.data(REGISTER_UNIT, Map.of("code", "T-S", "name", "Tỉnh Ảnh Chụp"));
        admin.data(OPEN, Map.of("unit", "T-S", "year", 2025));
        GraphQlClient assessor = admin.assessorOf("T-S");
        for (int i = 0; i < 110; i++) {
            assessor.data(SELF_SCORE, Map.of("unit", "T-S", "year", 2025, "criterion", "1.1", "points", String.valueOf(i % 5)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.sql("SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = 'assessment:T-S:2025'").query(Long.class).single() > 0);
        keptCheckpoint = admin.data("mutation { signCheckpoint { document } }", Map.of()).at("/signCheckpoint/document").asString();
        assertThat(verify().get("intact").asBoolean()).as(verify().toString()).isTrue();
    }

    @AfterEach
    void theLedgerIsWholeAgain() {
        JsonNode report = verify();
        assertThat(report.get("intact").asBoolean()).as("restored: " + report).isTrue();
    }

    private JsonNode verify() {
        return inspector.data(VERIFY, Map.of()).get("verifyLedger");
    }

    /** The row of a stream's event as stored, to change and to put back. */
    private record Row(long position, String eventId, String stream, long sequence, String type, String timestamp,
                       String payloadType, String payloadRevision, byte[] payload, byte[] metadata) {
    }

    private Row row(String stream, long sequence) {
        return superuser.sql("""
                        SELECT globalindex, eventidentifier, aggregateidentifier, sequencenumber, type, timestamp, payloadtype,
                               payloadrevision, payload, metadata FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?""")
                .param(stream).param(sequence)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10))).single();
    }

    private long sequenceOf(String stream, String payloadType) {
        return superuser.sql("SELECT min(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype LIKE ?")
                .param(stream).param("%." + payloadType).query(Long.class).single();
    }

    /** Runs as the superuser with the triggers off: what an attacker with the database's keys can do. */
    private void asSuperuser(String sql, Object... parameters) {
        try (Connection connection = database.connections(EmbeddedLedgerDatabase.SUPERUSER).getConnection()) {
            try (Statement off = connection.createStatement()) {
                off.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) statement.setObject(i + 1, parameters[i]);
                statement.executeUpdate();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void setPayload(Row row, byte[] payload) {
        asSuperuser("UPDATE domainevententry SET payload = ? WHERE globalindex = ?", payload, row.position());
    }

    private void setMetadata(Row row, byte[] metadata) {
        asSuperuser("UPDATE domainevententry SET metadata = ? WHERE globalindex = ?", metadata, row.position());
    }

    private void delete(Row row) {
        asSuperuser("DELETE FROM domainevententry WHERE globalindex = ?", row.position());
    }

    private void putBack(Row row) {
        asSuperuser("""
                INSERT INTO domainevententry (globalindex, eventidentifier, aggregateidentifier, sequencenumber, type, timestamp,
                                              payloadtype, payloadrevision, payload, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.position(), row.eventId(), row.stream(), row.sequence(), row.type(), row.timestamp(), row.payloadType(),
                row.payloadRevision(), row.payload(), row.metadata());
    }

    private void restore(Row row) {
        asSuperuser("""
                UPDATE domainevententry SET eventidentifier = ?, sequencenumber = ?, payloadtype = ?, payload = ?, metadata = ?
                WHERE globalindex = ?""", row.eventId(), row.sequence(), row.payloadType(), row.payload(), row.metadata(), row.position());
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The verification's problems: not intact, and the first one located at the given event. */
    private JsonNode detectedAt(Row row) {
        JsonNode report = verify();
        assertThat(report.get("intact").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.get("intactUpTo").asLong()).isLessThan(row.position());
        JsonNode first = report.at("/problems/0");
        assertThat(first.get("stream").asString()).as(report.toString()).isEqualTo(row.stream());
        assertThat(first.get("sequence").asLong()).isGreaterThanOrEqualTo(row.sequence());
        assertThat(first.get("position").asLong()).isGreaterThanOrEqualTo(row.position());
        return report;
    }

    /** A replay of every projection stops, names the event, and switches nothing in. */
    private void aReplayRefuses(String named) throws Exception {
        List<String> liveBefore = jdbc.sql("SELECT t::text FROM rv_assessment t ORDER BY 1").query(String.class).list();
        admin.data("mutation { startReplay { state } }", Map.of());
        ReplayProgress end = replays.completion().get(2, TimeUnit.MINUTES);
        assertThat(end.state()).isEqualTo(ReplayState.FAILED);
        assertThat(end.message()).contains("fails verification").contains(named);
        assertThat(jdbc.sql("SELECT t::text FROM rv_assessment t ORDER BY 1").query(String.class).list()).isEqualTo(liveBefore);
        // The failed replay keeps its tables to resume from; a fresh one is wanted for the next case.
        jdbc.sql("DROP SCHEMA IF EXISTS read_model_next CASCADE").update();
    }

    @Test
    void aChangedPayloadByte() throws Exception {
        Row appraisal = row("assessment:T-A:2024", sequenceOf("assessment:T-A:2024", "AppraisedScoreRecorded"));
        byte[] payload = appraisal.payload().clone();
        String text = new String(payload, StandardCharsets.UTF_8);
        int digit = text.indexOf("\"points\":") + "\"points\":".length();
        payload[digit] = (byte) (payload[digit] == '1' ? '2' : '1');
        setPayload(appraisal, payload);
        try {
            JsonNode report = detectedAt(appraisal);
            assertThat(report.at("/problems/0/eventId").asString()).isEqualTo(appraisal.eventId());
            assertThat(report.at("/problems/0/problem").asString()).contains("stored bytes do not give the hash");
            aReplayRefuses(appraisal.eventId());
        } finally {
            restore(appraisal);
        }
    }

    /**
     * Nobody asks: the periodic verification (one node's, when the latest is older than parledger.integrity.verify-every)
     * finds an altered event and records it, and every node's health says integrity DOWN, where, and the meters 0. Before,
     * an altered ledger showed only to whoever thought of asking verifyLedger. A verification of the restored ledger (the
     * check after each case) clears it.
     */
    @Test
    void thePeriodicVerificationFindsAnAlteredEventAndHealthTellsWhere() throws Exception {
        assertThat(verifications.verifyIfDue("periodic verification in a test", Duration.ofHours(1)))
                .as("a verification ended within the hour (each case's check): not due").isEmpty();
        Row selfScore = row("assessment:T-C:2024", sequenceOf("assessment:T-C:2024", "SelfScoreRecorded"));
        setPayload(selfScore, replace(selfScore.payload(), "\"userId\":\"assessor-T-C\"", "\"userId\":\"assessor-T-X\""));
        try {
            LedgerVerification.Report found = verifications.verifyIfDue("periodic verification in a test", Duration.ZERO).orElseThrow();
            assertThat(found.intact()).isFalse();
            assertThat(jdbc.sql("SELECT intact FROM ledger_verification ORDER BY id DESC LIMIT 1").query(Boolean.class).single()).isFalse();
            // Health and the meters read the record at most 10 s old.
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .header("Authorization", "Bearer " + TestIssuer.INSTANCE.token("inspector-1", List.of("INSPECTOR"))).build();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    JSON.readTree(http.send(health, HttpResponse.BodyHandlers.ofString()).body()).at("/components/integrity/status")
                            .asString().equals("DOWN"));
            HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode latest = JSON.readTree(down.body()).at("/components/integrity/details/latestVerification");
            assertThat(latest.get("by").asString()).isEqualTo("periodic verification in a test");
            assertThat(latest.get("intactUpTo").asLong()).isLessThan(selfScore.position());
            assertThat(latest.get("firstProblem").asString()).contains("assessment:T-C:2024 #" + selfScore.sequence())
                    .contains("stored bytes do not give the hash");
            assertThat(meters.get("parledger.integrity.intact").gauge().value()).isZero();
            // Readiness is not the ledger's integrity: the node still records and answers.
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            restore(selfScore);
        }
        verify();
        assertThat(jdbc.sql("SELECT verified_by || ' ' || intact FROM ledger_verification ORDER BY id DESC LIMIT 1").query(String.class)
                .single()).isEqualTo("verifyLedger by inspector-1 true");
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("parledger.integrity.intact").gauge().value() == 1);
    }

    @Test
    void aRewrittenActor() throws Exception {
        Row selfScore = row("assessment:T-A:2024", sequenceOf("assessment:T-A:2024", "SelfScoreRecorded"));
        setPayload(selfScore, replace(selfScore.payload(), "\"userId\":\"assessor-T-A\"", "\"userId\":\"sample-admin\""));
        try {
            assertThat(detectedAt(selfScore).at("/problems/0/eventId").asString()).isEqualTo(selfScore.eventId());
            aReplayRefuses(selfScore.eventId());
        } finally {
            restore(selfScore);
        }
    }

    @Test
    void aPublishedRankRewritten() throws Exception {
        Row published = row("assessment:T-C:2024", sequenceOf("assessment:T-C:2024", "AssessmentPublished"));
        setPayload(published, replace(published.payload(), "\"rank\":3", "\"rank\":1"));
        try {
            assertThat(detectedAt(published).at("/problems/0/eventId").asString()).isEqualTo(published.eventId());
            aReplayRefuses(published.eventId());
        } finally {
            restore(published);
        }
    }

    @Test
    void aDeletedEvent() throws Exception {
        Row deleted = row("assessment:T-B:2024", 2);
        delete(deleted);
        try {
            JsonNode report = verify();
            assertThat(report.get("intact").asBoolean()).isFalse();
            assertThat(report.at("/problems/0/stream").asString()).isEqualTo("assessment:T-B:2024");
            assertThat(report.at("/problems/0/sequence").asLong()).isEqualTo(3);
            assertThat(report.at("/problems/0/problem").asString()).contains("follows #1").contains("missing");
            aReplayRefuses("assessment:T-B:2024 #3");
        } finally {
            putBack(deleted);
        }
    }

    @Test
    void twoEventsSwapped() throws Exception {
        Row third = row("assessment:T-B:2024", 3);
        Row fourth = row("assessment:T-B:2024", 4);
        asSuperuser("UPDATE domainevententry SET sequencenumber = -1 WHERE globalindex = ?", third.position());
        asSuperuser("UPDATE domainevententry SET sequencenumber = 3 WHERE globalindex = ?", fourth.position());
        asSuperuser("UPDATE domainevententry SET sequencenumber = 4 WHERE globalindex = ?", third.position());
        try {
            JsonNode report = verify();
            assertThat(report.get("intact").asBoolean()).isFalse();
            assertThat(report.at("/problems/0/stream").asString()).isEqualTo("assessment:T-B:2024");
            aReplayRefuses("assessment:T-B:2024");
        } finally {
            asSuperuser("UPDATE domainevententry SET sequencenumber = -1 WHERE globalindex = ?", third.position());
            asSuperuser("UPDATE domainevententry SET sequencenumber = 4 WHERE globalindex = ?", fourth.position());
            asSuperuser("UPDATE domainevententry SET sequencenumber = 3 WHERE globalindex = ?", third.position());
        }
    }

    @Test
    void aTruncatedStreamTail() throws Exception {
        long last = superuser.sql("SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = 'assessment:T-C:2024'")
                .query(Long.class).single();
        Row tail = row("assessment:T-C:2024", last);
        Row beforeTail = row("assessment:T-C:2024", last - 1);
        delete(tail);
        delete(beforeTail);
        try {
            JsonNode report = verify();
            assertThat(report.get("intact").asBoolean()).isFalse();
            assertThat(report.toString()).contains(beforeTail.eventId()).contains("no longer have the root that was signed");
            aReplayRefuses("no longer have the root signed in checkpoint #1");
        } finally {
            putBack(beforeTail);
            putBack(tail);
        }
    }

    @Test
    void aWholeStreamRewrittenWithValidLookingHashes() throws Exception {
        String stream = "assessment:T-A:2024";
        List<Row> originals = superuser.sql("SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ? ORDER BY 1")
                .param(stream).query(Long.class).list().stream().map(sequence -> row(stream, sequence)).toList();
        long rewrittenFrom = sequenceOf(stream, "AppraisedScoreRecorded");
        byte[] previous = EventHashing.NO_PREVIOUS;
        try {
        for (Row original : originals) {
            byte[] payload = original.sequence() == rewrittenFrom ? new String(original.payload(), StandardCharsets.UTF_8)
                    .replaceFirst("\"points\":[0-9.]+", "\"points\":0.5").getBytes(StandardCharsets.UTF_8) : original.payload();
            Map<String, Object> metadata = new LinkedHashMap<>(StoredEvent.metadata(original.metadata()));
            byte[] hash = EventHashing.hash(new StoredEvent(original.position(), original.eventId(), original.type(),
                    original.stream(), original.sequence(), java.time.Instant.parse(original.timestamp()).toEpochMilli(),
                    original.payloadType(), original.payloadRevision(), payload, metadata), previous);
            metadata.put(EventHashing.HASH_KEY, Hashes.hex(hash));
            setPayload(original, payload);
            setMetadata(original, JSON.writeValueAsBytes(metadata));
            previous = hash;
        }
        Row rewritten = row(stream, rewrittenFrom);
        JsonNode report = verify();
        assertThat(report.get("intact").asBoolean()).isFalse();
        assertThat(report.at("/problems/0/eventId").asString()).as(report.toString()).isEqualTo(rewritten.eventId());
        assertThat(report.at("/problems/0/problem").asString()).contains("another hash");
        assertThat(report.toString()).contains("checkpoint #1: the ledger's first");
        JsonNode kept = inspector.data("query($d: String!) { verifyCheckpoint(document: $d) { holds message } }",
                Map.of("d", keptCheckpoint)).get("verifyCheckpoint");
        assertThat(kept.get("holds").asBoolean()).isFalse();
        aReplayRefuses("no longer have the root signed in checkpoint #1");
        } finally {
            originals.forEach(this::restore);
        }
        assertThat(inspector.data("query($d: String!) { verifyCheckpoint(document: $d) { holds } }",
                Map.of("d", keptCheckpoint)).at("/verifyCheckpoint/holds").asBoolean()).isTrue();
    }

    @Test
    void aForgedSnapshotIsIgnoredAndReported() {
        String stream = "assessment:T-S:2025";
        long sequence = superuser.sql("SELECT max(sequencenumber) FROM snapshotevententry WHERE aggregateidentifier = ?")
                .param(stream).query(Long.class).single();
        byte[] original = superuser.sql("SELECT payload FROM snapshotevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                .param(stream).param(sequence).query(byte[].class).single();
        // Forged: the assessment as if already published, which would refuse every self-score.
        superuser.sql("UPDATE snapshotevententry SET payload = ? WHERE aggregateidentifier = ? AND sequencenumber = ?")
                .param(replace(original, "\"stage\":\"SELF_ASSESSMENT\"", "\"stage\":\"PUBLISHED\"")).param(stream).param(sequence).update();
        try {
            JsonNode report = verify();
            assertThat(report.get("intact").asBoolean()).isFalse();
            assertThat(report.at("/problems/0/problem").asString()).contains("the snapshot of " + stream).contains("signature");
            // Loaded from its events, not from the forged snapshot: the self-score is accepted. (Loaded at all: this node
            // still holds the assessment from before, as it would until a restart or until it is let go.)
            assessments.remove(stream);
            admin.assessorOf("T-S").data(SELF_SCORE, Map.of("unit", "T-S", "year", 2025, "criterion", "1.2.1", "points", "2"));
            assertThat(snapshots.refused()).containsKey(stream + " at #" + sequence);
        } finally {
            superuser.sql("UPDATE snapshotevententry SET payload = ? WHERE aggregateidentifier = ? AND sequencenumber = ?")
                    .param(original).param(stream).param(sequence).update();
        }
    }

    @Test
    void anEditedReadModelRowIsShownByTheComparisonAndFailsTheFiguresProof() throws Exception {
        java.math.BigDecimal original = jdbc.sql("SELECT appraised_points FROM rv_assessment WHERE unit_code = 'T-B' AND year = 2024")
                .query(java.math.BigDecimal.class).single();
        jdbc.sql("UPDATE rv_assessment SET appraised_points = 19.5 WHERE unit_code = 'T-B' AND year = 2024").update();
        try {
        JsonNode comparison = inspector.data("""
                { compareReadModel(projections: [SCORES]) { identical message differences { table onlyLive onlyRebuilt liveRows } } }""",
                Map.of()).get("compareReadModel");
        assertThat(comparison.get("identical").asBoolean()).isFalse();
        assertThat(comparison.at("/differences/0/table").asString()).isEqualTo("rv_assessment");
        assertThat(comparison.at("/differences/0/liveRows/0").asString()).contains("T-B").contains("19.5");
        String proof = inspector.data("{ figureProof(unit: \"T-B\", year: 2024) }", Map.of()).get("figureProof").asString();
        VerifyProof.Report checked = VerifyProof.verify(JSON.readValue(proof, FigureProof.class), null);
        assertThat(checked.holds()).isFalse();
        assertThat(checked.failures()).anyMatch(failure -> failure.startsWith("points: the events compute"));
        } finally {
            jdbc.sql("UPDATE rv_assessment SET appraised_points = ? WHERE unit_code = 'T-B' AND year = 2024").param(original).update();
        }
        JsonNode again = inspector.data("{ compareReadModel(projections: [SCORES]) { identical message differences { table liveRows rebuiltRows } } }",
                Map.of()).get("compareReadModel");
        assertThat(again.get("identical").asBoolean()).as(again.toString()).isTrue();
    }

    @Test
    void theApplicationsRoleCannotChangeEventsAndTheOwnerIsStoppedByTheTriggers() {
        assertThatThrownBy(() -> jdbc.sql("UPDATE domainevententry SET payload = payload WHERE globalindex = 1").update())
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM domainevententry WHERE globalindex = 1").update())
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE domainevententry").update()).rootCause().hasMessageContaining("permission denied");
        JdbcClient owner = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.OWNER));
        assertThatThrownBy(() -> owner.sql("UPDATE domainevententry SET payload = payload WHERE globalindex = 1").update())
                .rootCause().hasMessageContaining("immutable");
        assertThatThrownBy(() -> owner.sql("DELETE FROM domainevententry WHERE globalindex = 1").update())
                .rootCause().hasMessageContaining("immutable");
        assertThatThrownBy(() -> owner.sql("TRUNCATE domainevententry").update()).rootCause().hasMessageContaining("immutable");
    }

    @Test
    void aFiguresProofIsVerifiedOfflineAndATamperedProofIsNot() throws Exception {
        for (String stage : List.of("PUBLISHED", "FINAL")) {
            String proof = inspector.data("{ figureProof(unit: \"T-A\", year: 2024, stage: " + stage + ") }", Map.of())
                    .get("figureProof").asString();
            Path file = Files.createTempFile("figure-proof", ".json");
            Files.writeString(file, proof);
            String key = admin.data("{ ledgerKey { publicKey } }", Map.of()).at("/ledgerKey/publicKey").asString();
            Process verifier = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), VerifyProof.class.getName(), file.toString(), "--key", key)
                    .redirectErrorStream(true).start();
            String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(verifier.exitValue()).as(output).isZero();
            assertThat(output).contains("VERIFIED: T-A/2024 " + stage);

            Files.writeString(file, proof.replaceFirst("\"points\" : \"[0-9.]+\"", "\"points\" : \"19\""));
            Process tampered = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), VerifyProof.class.getName(), file.toString())
                    .redirectErrorStream(true).start();
            String refused = new String(tampered.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(tampered.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (stage.equals("FINAL")) {
                assertThat(tampered.exitValue()).as(refused).isEqualTo(1);
                assertThat(refused).contains("NOT VERIFIED");
            }
        }
    }

    /** Replaying (or upcasting) reads the stored bytes and never writes them: hashes and proofs stay valid. */
    @Test
    void aReplayChangesNoStoredByte() throws Exception {
        String digest = "SELECT md5(string_agg(encode(payload, 'hex') || encode(metadata, 'hex') || timestamp, '' ORDER BY globalindex)) "
                + "FROM domainevententry WHERE globalindex <= ?";
        long head = superuser.sql("SELECT max(globalindex) FROM domainevententry").query(Long.class).single();
        String before = superuser.sql(digest).param(head).query(String.class).single();
        admin.data("mutation { startReplay { state } }", Map.of());
        assertThat(replays.completion().get(2, TimeUnit.MINUTES).state()).isEqualTo(ReplayState.COMPLETED);
        assertThat(superuser.sql(digest).param(head).query(String.class).single()).isEqualTo(before);
    }

    @Test
    void consecutiveCheckpointsProveTheLaterContainsTheEarlier() {
        admin.data(REGISTER_UNIT, Map.of("code", "T-NEW", "name", "Tỉnh Mới"));
        JsonNode second = admin.data("mutation { signCheckpoint { number treeSize rootHash } }", Map.of()).get("signCheckpoint");
        JsonNode first = admin.data("{ ledgerCheckpoint(number: 1) { treeSize rootHash } }", Map.of()).get("ledgerCheckpoint");
        List<byte[]> proof = new ArrayList<>();
        admin.data("{ checkpointConsistency(from: 1, to: " + second.get("number").asInt() + ") }", Map.of())
                .get("checkpointConsistency").forEach(node -> proof.add(Hashes.fromHex(node.asString())));
        assertThat(MerkleTree.verifyConsistency(first.get("treeSize").asLong(), second.get("treeSize").asLong(),
                Hashes.fromHex(first.get("rootHash").asString()), Hashes.fromHex(second.get("rootHash").asString()), proof)).isTrue();
        assertThat(inspector.data("query($d: String!) { verifyCheckpoint(document: $d) { holds message } }",
                Map.of("d", keptCheckpoint)).at("/verifyCheckpoint/holds").asBoolean()).isTrue();
    }
}
