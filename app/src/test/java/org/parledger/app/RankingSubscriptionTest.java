package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/** The rankingChanged subscription pushes the ranking again when new events of its year are projected. */
@LedgerIntegrationTest
class RankingSubscriptionTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @LocalServerPort
    int port;

    @Test
    void aProjectedChangeIsPushedToSubscribers() throws Exception {
        GraphQlClient admin = new GraphQlClient(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("IT-SUB").replace("level: PROVINCE", "level: COMMUNE")
                .replace("toYear: 2026", "toYear: 2029")));
        admin.data("mutation { registerUnit(input: {code: \"SUB-A\", name: \"Xã A\", level: COMMUNE}) { stream } }", Map.of());
        admin.data(OPEN_UNDER, Map.of("unit", "SUB-A", "year", 2029, "set", "IT-SUB"));

        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://localhost:" + port + "/graphql-ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            messages.add(JSON.readTree(text.toString()));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText("{\"type\":\"connection_init\"}", true).get(10, TimeUnit.SECONDS);
            assertThat(next(messages).get("type").asString()).isEqualTo("connection_ack");
            socket.sendText(JSON.writeValueAsString(Map.of("id", "1", "type", "subscribe", "payload", Map.of("query",
                    "subscription { rankingChanged(year: 2029, level: COMMUNE, stage: SELF_ASSESSED) { entries { unitCode points } } }"))),
                    true).get(10, TimeUnit.SECONDS);
            JsonNode first = next(messages);
            assertThat(first.get("type").asString()).isEqualTo("next");

            admin.assessorOf("SUB-A").data(SELF_SCORE, Map.of("unit", "SUB-A", "year", 2029, "criterion", "1.1", "points", "4.5"));
            JsonNode pushed;
            do {
                pushed = next(messages);
            } while (pointsOfSubA(pushed) == null || pointsOfSubA(pushed).compareTo(new java.math.BigDecimal("4.5")) != 0);
            assertThat(pushed.at("/payload/data/rankingChanged/entries/0/unitCode").asString()).isEqualTo("SUB-A");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static java.math.BigDecimal pointsOfSubA(JsonNode message) {
        JsonNode points = message.at("/payload/data/rankingChanged/entries/0/points");
        return points.isMissingNode() ? null : new java.math.BigDecimal(points.asString());
    }

    /** The next message, waiting at most 30 s: the push follows the projection, which runs asynchronously. */
    private static JsonNode next(BlockingQueue<JsonNode> messages) throws InterruptedException {
        JsonNode message = messages.poll(30, TimeUnit.SECONDS);
        if (message == null) throw new AssertionError("no message within 30 s");
        return message;
    }
}
