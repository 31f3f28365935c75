package org.parledger.app.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.Credentials;
import org.parledger.app.security.RefusalCounter;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WebSocket connections (/graphql-ws) a node keeps open at once, per client address and in all
 * (parledger.graphql.websocket-connections-per-address, parledger.graphql.websocket-connections). An idle connection
 * holds about 80 KB of heap; unbounded, one client could open Tomcat's 8,192 and hold about 650 MB (docs/measurements.md,
 * eleventh session), and subscriptions' own bounds do not help, since a connection needs none to be kept.
 * <p>
 * A handshake beyond a bound is answered 429 TOO_MANY_CONNECTIONS before it is upgraded. The count itself is taken
 * when a connection opens and given back when it closes, however it closes (Tomcat pairs the two), so nothing can leak:
 * handshakes that raced past the check are counted there, and one found over a bound is closed at once with 1013 (try
 * again later).
 */
final class WebSocketConnectionLimits implements HandshakeInterceptor, MeterBinder {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The session attribute naming the address a connection was counted under, set only once it is counted. */
    private static final String COUNTED_UNDER = WebSocketConnectionLimits.class.getName() + ".address";
    private final int perAddress;
    private final int inAll;
    private final LateMeterRegistry meters;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();

    WebSocketConnectionLimits(GraphQlProperties limits, ObjectProvider<MeterRegistry> meters) {
        this.perAddress = limits.websocketConnectionsPerAddress();
        this.inAll = limits.websocketConnections();
        this.meters = new LateMeterRegistry(meters);
    }

    /** Connections open on this node just now. */
    int open() {
        return open.get();
    }

    /** The GraphQL handler, counting its connections. */
    WebSocketHandler counting(WebSocketHandler graphQl) {
        return new WebSocketHandlerDecorator(graphQl) {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                String address = key(session.getRemoteAddress());
                if (!take(address)) {
                    RefusalCounter.count(meters.get(), ErrorCode.TOO_MANY_CONNECTIONS, "none");
                    session.close(CloseStatus.SERVICE_OVERLOAD.withReason(ErrorCode.TOO_MANY_CONNECTIONS.name()));
                    return;
                }
                session.getAttributes().put(COUNTED_UNDER, address);
                super.afterConnectionEstablished(session);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
                Object address = session.getAttributes().remove(COUNTED_UNDER);
                if (address != null) give((String) address);
                super.afterConnectionClosed(session, closeStatus);
            }
        };
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws IOException {
        String address = key(request.getRemoteAddress());
        String refusal = open.get() >= inAll ? inAllRefusal()
                : byAddress.getOrDefault(address, 0) >= perAddress ? perAddressRefusal() : null;
        if (refusal == null) return true;
        RefusalCounter.count(meters.get(), ErrorCode.TOO_MANY_CONNECTIONS, "none");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", ErrorCode.TOO_MANY_CONNECTIONS.name());
        body.put("message", refusal);
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8));
        response.getBody().write(JSON.writeValueAsBytes(body));
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception failure) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("parledger.graphql.websocket.connections", open, AtomicInteger::get)
                .description("WebSocket connections (/graphql-ws) open on this node").register(registry);
    }

    private static String key(InetSocketAddress from) {
        return Objects.requireNonNullElse(Credentials.address(from), "unknown");
    }

    /** Counts one more connection for the address unless that would pass a bound (then counts nothing). */
    private boolean take(String address) {
        boolean[] taken = {false};
        byAddress.compute(address, (k, held) -> {
            int now = held == null ? 0 : held;
            if (now >= perAddress) return held;
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) return false;
        if (open.incrementAndGet() > inAll) {
            open.decrementAndGet();
            give(address, false);
            return false;
        }
        return true;
    }

    private void give(String address) {
        give(address, true);
    }

    private void give(String address, boolean opened) {
        if (opened) open.decrementAndGet();
        byAddress.computeIfPresent(address, (k, held) -> held <= 1 ? null : held - 1);
    }

    private String perAddressRefusal() {
        return "one client address keeps at most " + perAddress + " WebSocket connections open at once on this node; close one first";
    }

    private String inAllRefusal() {
        return "this node keeps at most " + inAll + " WebSocket connections open at once; try again later or on another node";
    }
}
