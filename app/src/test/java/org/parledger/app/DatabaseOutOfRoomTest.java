package org.parledger.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.command.support.DatabaseOutage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * A database that is up but cannot take a change: out of disk (SQLSTATE 53100, "could not extend file", while reads go
 * on), or taking only reads (25006, a standby while a failover settles). PostgreSQL raises the very error here from a
 * trigger on the insert a change makes, as a full disk raises it (measured by hand with a full disk: docs/measurements.md,
 * twenty-first session, where the event's insert was answered INTERNAL_ERROR with a stack trace and the request id's
 * UNAVAILABLE). Every such change is answered UNAVAILABLE with retryAfterSeconds, records nothing, and the same change
 * sent again with its requestId once there is room is recorded once.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutOfRoomTest {
    private static final String UNIT = "OOR-A";
    private static final String STREAM = "assessment:" + UNIT + ":2025";
    private static final byte[] PDF = "%PDF-1.4\n% OOR-A\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EmbeddedLedgerDatabase database;
    JdbcClient superuser;
    GraphQlClient assessor;

    @BeforeAll
    void anOpenAssessment() {
        superuser = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", UNIT, "name", "Tỉnh " + UNIT));
        admin.data(OPEN_UNDER, Map.of("unit", UNIT, "year", 2025, "set", "IT-SET"));
        assessor = admin.assessorOf(UNIT);
    }

    @AfterEach
    void roomAgain() {
        for (String table : new String[]{"domainevententry", "cs_processed_request", "evidence_file"}) {
            superuser.sql("DROP TRIGGER IF EXISTS oor_no_room ON " + table).update();
        }
        superuser.sql("DROP FUNCTION IF EXISTS oor_no_room()").update();
    }

    /** Inserts into the table for this test's unit fail as PostgreSQL fails them with that SQLSTATE. */
    private void noRoom(String table, String when, String state, String message) {
        superuser.sql("""
                CREATE OR REPLACE FUNCTION oor_no_room() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '%s' USING ERRCODE = '%s'; END $$""".formatted(message, state)).update();
        superuser.sql("CREATE TRIGGER oor_no_room BEFORE INSERT ON " + table + " FOR EACH ROW WHEN (" + when
                + ") EXECUTE FUNCTION oor_no_room()").update();
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?").param(STREAM)
                .query(Long.class).single();
    }

    private Map<String, Object> score(String points, String requestId) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("unit", UNIT);
        variables.put("points", points);
        variables.put("requestId", requestId);
        return variables;
    }

    private void refusedUnavailableThenRecordedOnce(String requestId) {
        long before = events();
        JsonNode refused = assessor.error(SELF_SCORE_WITH_ID, score("2", requestId));
        assertThat(refused.at("/extensions/code").asString()).as(refused.toString()).isEqualTo("UNAVAILABLE");
        assertThat(refused.at("/extensions/retryAfterSeconds").asInt()).isEqualTo(DatabaseOutage.RETRY_AFTER_SECONDS);
        assertThat(refused.at("/message").asString()).contains("cannot take this just now");
        assertThat(events()).as("nothing recorded").isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM cs_processed_request WHERE request_id = ?").param(requestId)
                .query(Long.class).single()).isZero();

        roomAgain();
        JsonNode recorded = assessor.data(SELF_SCORE_WITH_ID, score("2", requestId));
        assertThat(recorded.at("/recordSelfScore/version").asLong()).isEqualTo(before);
        assertThat(assessor.data(SELF_SCORE_WITH_ID, score("2", requestId))).as("a retry is answered, not recorded again").isEqualTo(recorded);
        assertThat(events()).isEqualTo(before + 1);
    }

    @Test
    void aChangeWhoseEventTheDiskCannotHoldIsUnavailableAndRecordedOnceWhenSentAgain() {
        noRoom("domainevententry", "NEW.aggregateidentifier = '" + STREAM + "'", "53100",
                "could not extend file \"base/16384/16397\": No space left on device");
        refusedUnavailableThenRecordedOnce("oor-event-row");
    }

    @Test
    void aChangeWhoseRequestIdTheDiskCannotHoldIsUnavailableToo() {
        noRoom("cs_processed_request", "NEW.stream = '" + STREAM + "'", "53100",
                "could not extend file \"base/16384/16758\": No space left on device");
        refusedUnavailableThenRecordedOnce("oor-request-row");
    }

    @Test
    void aChangeSentToAServerThatTakesOnlyReadsIsUnavailable() {
        noRoom("domainevententry", "NEW.aggregateidentifier = '" + STREAM + "'", "25006",
                "cannot execute INSERT in a read-only transaction");
        refusedUnavailableThenRecordedOnce("oor-read-only");
    }

    @Test
    void anEvidenceFileTheDiskCannotHoldIs503WithRetryAfterAndIsKeptWhenSentAgain() throws Exception {
        noRoom("evidence_file", "true", "53100", "could not extend file \"base/16384/16800\": No space left on device");
        HttpResponse<String> refused = EvidenceUploads.upload(port, assessor.authorization(), UNIT, "QĐ 9.pdf", "application/pdf", PDF);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        JsonNode body = GraphQlClient.json(refused.body());
        assertThat(body.at("/code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(refused.headers().firstValue("Retry-After")).contains(String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_upload WHERE unit_code = ?").param(UNIT).query(Long.class).single())
                .as("nothing recorded").isZero();

        roomAgain();
        HttpResponse<String> kept = EvidenceUploads.upload(port, assessor.authorization(), UNIT, "QĐ 9.pdf", "application/pdf", PDF);
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(201);
    }
}
