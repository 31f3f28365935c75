package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/** The rankingChanged subscription pushes the ranking again when new events of its year are projected. */
@LedgerIntegrationTest
class RankingSubscriptionTest {
    @LocalServerPort
    int port;

    @Test
    void aProjectedChangeIsPushedToSubscribers() throws Exception {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("IT-SUB").replace("level: PROVINCE", "level: COMMUNE")
                .replace("toYear: 2026", "toYear: 2029")));
        admin.data("mutation { registerUnit(input: {code: \"SUB-A\", name: \"Xã A\", level: COMMUNE}) { stream } }", Map.of());
        admin.data(OPEN_UNDER, Map.of("unit", "SUB-A", "year", 2029, "set", "IT-SUB"));

        try (GraphQlWebSocket socket = GraphQlWebSocket.signedIn(port, "local-admin", "ADMIN")) {
            socket.subscribe("1", "subscription { rankingChanged(year: 2029, level: COMMUNE, stage: SELF_ASSESSED) "
                    + "{ entries { unitCode points } } }");
            JsonNode first = socket.next();
            assertThat(first.get("type").asString()).isEqualTo("next");

            admin.assessorOf("SUB-A").data(SELF_SCORE, Map.of("unit", "SUB-A", "year", 2029, "criterion", "1.1", "points", "4.5"));
            JsonNode pushed;
            do {
                pushed = socket.next();
            } while (pointsOfSubA(pushed) == null || pointsOfSubA(pushed).compareTo(new java.math.BigDecimal("4.5")) != 0);
            assertThat(pushed.at("/payload/data/rankingChanged/entries/0/unitCode").asString()).isEqualTo("SUB-A");
        }
    }

    private static java.math.BigDecimal pointsOfSubA(JsonNode message) {
        JsonNode points = message.at("/payload/data/rankingChanged/entries/0/points");
        return points.isMissingNode() ? null : new java.math.BigDecimal(points.asString());
    }
}
