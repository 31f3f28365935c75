package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/** The rankingChanged subscription pushes the ranking again when new events of its year are projected. */
@LedgerIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RankingSubscriptionTest {
    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

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

    /** Anonymous, on one connection: twenty subscriptions are kept, the next is refused, and ending one makes room. */
    /**
     * A message outside graphql-transport-ws closes the connection with 4400 and what was wrong, as the protocol says
     * (it was 1011, a server error, with an ERROR and its stack in the log for each); nothing runs. As with 4401, the
     * JDK's client may report such a close as 1006 under CPU starvation, so 4400 must come within five attempts.
     */
    @Test
    void aMessageOutsideTheProtocolClosesTheConnectionWith4400() throws Exception {
        for (String message : new String[]{"hello", "{\"id\":\"1\",\"type\":\"subscribe\"}",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\",\"variables\":[1]}}"}) {
            java.util.List<JsonNode> closes = new java.util.ArrayList<>();
            for (int attempt = 0; attempt < 5 && closes.stream().noneMatch(close -> close.get("code").asInt() == 4400); attempt++) {
                try (GraphQlWebSocket socket = new GraphQlWebSocket(port)) {
                    socket.sendRaw(message);
                    JsonNode closed = socket.next();
                    assertThat(closed.get("type").asString()).as(message + ": " + closed).isEqualTo("closed");
                    closes.add(closed);
                }
            }
            assertThat(closes).as(message).anyMatch(close -> close.get("code").asInt() == 4400
                    && close.get("reason").asString().startsWith("Invalid message received: "));
            assertThat(closes).as(message).allMatch(close -> close.get("code").asInt() == 4400 || close.get("code").asInt() == 1006);
        }
    }

    /**
     * An id in use is refused with 4409, as the protocol says, and nothing is logged: Spring for GraphQL's handler closed
     * the connection from inside the first subscription's stream, whose next step then logged an ERROR with its stack
     * ("Scheduler unavailable"), for anyone. Once the server has ended an operation its id may be used again.
     */
    @Test
    void anIdInUseClosesTheConnectionWith4409AndAnEndedOnesMayBeUsedAgain(CapturedOutput output) throws Exception {
        double refusedBefore = refusedAsExisting();
        try (GraphQlWebSocket socket = new GraphQlWebSocket(port)) {
            for (int i = 0; i < 2; i++) {
                socket.subscribe("q", "{ __typename }");
                assertThat(answerTo(socket, "q").at("/payload/data/__typename").asString()).isEqualTo("Query");
                assertThat(socket.next().get("type").asString()).isEqualTo("complete");
            }
            String query = "subscription { rankingChanged(year: 2029, level: COMMUNE, stage: FINAL) { year } }";
            socket.subscribe("r", query);
            assertThat(answerTo(socket, "r").get("type").asString()).isEqualTo("next");
            socket.subscribe("r", query);
            JsonNode closed;
            do {
                closed = socket.next();
            } while (!"closed".equals(closed.get("type").asString()));
            assertThat(closed.get("code").asInt()).as(closed.toString()).isIn(4409, 1006);
            if (closed.get("code").asInt() == 4409) assertThat(closed.get("reason").asString()).isEqualTo("Subscriber for r already exists");
        }
        // Refused before Spring's handler saw it (whose ERROR came later, from the first subscription's stream, so that
        // the log alone could not show it at this point): counted as a refusal, which only this application does.
        assertThat(refusedAsExisting()).isEqualTo(refusedBefore + 1);
        assertThat(output.getAll()).doesNotContain("Closing session due to exception", "Scheduler unavailable");
    }

    @Test
    void aConnectionKeepsAtMostTwentySubscriptionsOpen() throws Exception {
        String query = "subscription { rankingChanged(year: 2029, level: COMMUNE, stage: FINAL) { year } }";
        try (GraphQlWebSocket socket = new GraphQlWebSocket(port)) {
            java.util.Set<String> answered = new java.util.HashSet<>();
            for (int i = 1; i <= 20; i++) socket.subscribe(String.valueOf(i), query);
            while (answered.size() < 20) {
                JsonNode message = socket.next();
                assertThat(message.get("type").asString()).as(message.toString()).isEqualTo("next");
                answered.add(message.get("id").asString());
            }
            socket.subscribe("21", query);
            // Refused before it runs: one result with the error and no data (then complete), as graphql-transport-ws sends
            // an execution's errors.
            JsonNode refused = answerTo(socket, "21");
            assertThat(refused.at("/payload/errors/0/extensions/code").asString()).as(refused.toString())
                    .isEqualTo("TOO_MANY_SUBSCRIPTIONS");
            assertThat(refused.at("/payload/data/rankingChanged").isMissingNode()).isTrue();

            // The room comes back once the server has ended the subscription, which follows the complete message.
            socket.complete("1");
            JsonNode answer;
            int attempt = 0;
            do {
                socket.subscribe("again-" + ++attempt, query);
                answer = answerTo(socket, "again-" + attempt);
            } while (answer.has("payload") && answer.get("payload").has("errors") && attempt < 50);
            assertThat(answer.at("/payload/data/rankingChanged/year").asInt()).as(answer.toString()).isEqualTo(2029);
        }
    }

    private double refusedAsExisting() {
        var counter = meters.find("parledger.refusals").tag("code", "ALREADY_EXISTS").counter();
        return counter == null ? 0 : counter.count();
    }

    /** The first message for this subscription id (the others' rankings may be pushed meanwhile). */
    private static JsonNode answerTo(GraphQlWebSocket socket, String id) throws InterruptedException {
        JsonNode message;
        do {
            message = socket.next();
        } while (!id.equals(message.path("id").asString()));
        return message;
    }

    private static java.math.BigDecimal pointsOfSubA(JsonNode message) {
        JsonNode points = message.at("/payload/data/rankingChanged/entries/0/points");
        return points.isMissingNode() ? null : new java.math.BigDecimal(points.asString());
    }
}
