import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Opens N idle, initialised connections to /graphql-ws from one address (loopback), one after another, and holds them:
 * counts those acknowledged, refused at the handshake (429) and closed by the server.
 * {@code java docs/tools/WebSocketConnections.java <connections> [holdSeconds] [port]} (docs/measurements.md, twelfth session).
 */
public class WebSocketConnections {
    public static void main(String[] a) throws Exception {
        int connections = Integer.parseInt(a[0]);
        long hold = a.length > 1 ? Long.parseLong(a[1]) : 0;
        int port = a.length > 2 ? Integer.parseInt(a[2]) : 18080;
        HttpClient http = HttpClient.newHttpClient();
        AtomicInteger acks = new AtomicInteger(), closes = new AtomicInteger(), refused = new AtomicInteger(), other = new AtomicInteger();
        List<WebSocket> open = new ArrayList<>();
        String firstRefusal = null;
        long t0 = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            WebSocket ws;
            try {
                ws = http.newWebSocketBuilder().subprotocols("graphql-transport-ws")
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/graphql-ws"), new WebSocket.Listener() {
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            if (data.toString().contains("connection_ack")) { acks.incrementAndGet(); acked.complete(null); }
                            else if (data.toString().contains("ping")) w.sendText("{\"type\":\"pong\"}", true);
                            w.request(1); return null;
                        }
                        public CompletionStage<?> onClose(WebSocket w, int code, String reason) { closes.incrementAndGet(); acked.complete(null); return null; }
                        public void onError(WebSocket w, Throwable t) { acked.complete(null); }
                    }).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException h) {
                    refused.incrementAndGet();
                    if (firstRefusal == null) firstRefusal = h.getResponse().statusCode() + " " + h.getResponse().body();
                } else { other.incrementAndGet(); }
                continue;
            }
            ws.sendText("{\"type\":\"connection_init\"}", true).join();
            acked.get(10, TimeUnit.SECONDS);
            open.add(ws);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("tried " + connections + " in " + ms + " ms: acknowledged " + acks + ", refused " + refused
            + ", closed by the server " + closes + ", other failures " + other + "; first refusal: " + firstRefusal);
        if (hold > 0) Thread.sleep(hold * 1000);
    }
}
