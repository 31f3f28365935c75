package org.parledger.app;

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

/** A GraphQL client over WebSocket (graphql-transport-ws), for subscriptions. */
final class GraphQlWebSocket implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    /** The last message sent: Java's WebSocket refuses a send while another is pending, and pongs go out as pings come. */
    private java.util.concurrent.CompletableFuture<?> lastSent = java.util.concurrent.CompletableFuture.completedFuture(null);

    /** Anonymous. */
    GraphQlWebSocket(int port) throws Exception {
        this(port, null);
        assertThat(next().get("type").asString()).isEqualTo("connection_ack");
    }

    /** Sends connection_init with this Authorization value (none if null); the caller reads the answer. */
    GraphQlWebSocket(int port, String authorization) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/graphql-ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            JsonNode message = JSON.readTree(text.toString());
                            text.setLength(0);
                            // The server's keep-alive: answered as the protocol asks, and not one of the test's messages.
                            if ("ping".equals(message.path("type").asString())) send("{\"type\":\"pong\"}");
                            else messages.add(message);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        messages.add(JSON.createObjectNode().put("type", "closed").put("code", statusCode).put("reason", reason));
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        Map<String, Object> init = authorization == null ? Map.of("type", "connection_init")
                : Map.of("type", "connection_init", "payload", Map.of("Authorization", authorization));
        send(JSON.writeValueAsString(init)).get(10, TimeUnit.SECONDS);
    }

    /** Signed in with a bearer token from the tests' issuer. */
    static GraphQlWebSocket signedIn(int port, String user, String... grants) throws Exception {
        GraphQlWebSocket socket = new GraphQlWebSocket(port, "Bearer " + TestIssuer.INSTANCE.token(user, java.util.List.of(grants)));
        assertThat(socket.next().get("type").asString()).isEqualTo("connection_ack");
        return socket;
    }

    /**
     * Credentials that are refused in connection_init: never acknowledged, the connection closed with 4401. Under CPU
     * starvation the JDK's client reports about 1 in 100 of those closes as 1006 (the server's log shows that it
     * sent 4401 and then saw the connection end), so every attempt must be closed unacknowledged with 4401 or 1006,
     * and 4401 must arrive within five attempts.
     */
    static void assertRefused(int port, java.util.function.Supplier<String> authorization) throws Exception {
        java.util.List<Integer> codes = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 5 && !codes.contains(4401); attempt++) {
            try (GraphQlWebSocket refused = new GraphQlWebSocket(port, authorization.get())) {
                JsonNode closed = refused.next();
                assertThat(closed.get("type").asString()).as(closed.toString()).isEqualTo("closed");
                codes.add(closed.get("code").asInt());
            }
        }
        assertThat(codes).contains(4401).allMatch(code -> code == 4401 || code == 1006);
    }

    void subscribe(String id, String query) throws Exception {
        send(JSON.writeValueAsString(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query)))).get(10, TimeUnit.SECONDS);
    }

    /** Sends this text as it is (hostile messages included). */
    void sendRaw(String text) throws Exception {
        send(text).get(10, TimeUnit.SECONDS);
    }

    /** Ends the subscription with this id. */
    void complete(String id) throws Exception {
        send(JSON.writeValueAsString(Map.of("id", id, "type", "complete"))).get(10, TimeUnit.SECONDS);
    }

    /** The next message, waiting at most 30 s: pushes follow work that runs asynchronously. */
    JsonNode next() throws InterruptedException {
        JsonNode message = messages.poll(30, TimeUnit.SECONDS);
        if (message == null) throw new AssertionError("no message within 30 s");
        return message;
    }

    /** Sends a text message once the previous one has gone. */
    private synchronized java.util.concurrent.CompletableFuture<?> send(String text) {
        lastSent = lastSent.handle((sent, failed) -> null).thenCompose(previous -> socket.sendText(text, true));
        return lastSent;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}
