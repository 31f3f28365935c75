package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * Every connection the application borrows goes back to the pool once. HikariCP keeps the list of a connection's open
 * statements per physical connection, and its close of a connection already closed still clears that list: a second
 * close, after the first had returned the connection and another thread had borrowed it, changed that thread's list
 * under it, and under load a command now and then failed with an ArrayIndexOutOfBoundsException in HikariCP's FastList.
 * Axon's connection provider for units of work closed each transaction's connection a second time when the unit of
 * work cleaned up, in every command and every batch of the event processors.
 */
@LedgerIntegrationTest
class ConnectionsClosedOnceTest {
    @LocalServerPort
    int port;

    @Test
    void commandsAndTheProjectionsTheyFeedCloseEachConnectionOnce() {
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        ConnectionWatch.reset();
        admin.data(REGISTER_UNIT, Map.of("code", "ONCE-A", "name", "Tỉnh Đóng Một Lần"));
        admin.data(OPEN, Map.of("unit", "ONCE-A", "year", 2025));
        JsonNode accepted = admin.assessorOf("ONCE-A").data("""
                mutation { recordSelfScore(input: {unit: "ONCE-A", year: 2025, criterion: "1.1", points: 1,
                  evidence: {documentNumber: "1/KH"}}) { position } }""", Map.of()).get("recordSelfScore");
        // Answered once the projections have passed the event: their batches have committed by then.
        JsonNode read = admin.data("""
                query($c: Float) { assessment(unit: "ONCE-A", year: 2025, consistentWith: $c) { selfAssessedPoints } }""",
                Map.of("c", accepted.get("position").asLong()));
        assertThat(read.at("/assessment/selfAssessedPoints").decimalValue()).isEqualByComparingTo("1");

        assertThat(ConnectionWatch.closedTwice()).as("%s", ConnectionWatch.closedTwice()).isEmpty();
    }
}
