package org.parledger.app.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.HttpRefusal;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
    /** The session attribute naming the address a connection was counted under, set only once it is counted. */
    private static final String COUNTED_UNDER = WebSocketConnectionLimits.class.getName() + ".address";
    private final CountsPerKey byAddress;
    private final int inAll;
    private final LateMeterRegistry meters;
    private final AtomicInteger open = new AtomicInteger();

    WebSocketConnectionLimits(GraphQlProperties limits, ObjectProvider<MeterRegistry> meters) {
        this.byAddress = new CountsPerKey(limits.websocketConnectionsPerAddress());
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
                String address = CountsPerKey.address(session.getRemoteAddress());
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
        String address = CountsPerKey.address(request.getRemoteAddress());
        String refusal = open.get() >= inAll ? inAllRefusal()
                : byAddress.held(address) >= byAddress.bound() ? perAddressRefusal() : null;
        if (refusal == null) return true;
        RefusalCounter.count(meters.get(), ErrorCode.TOO_MANY_CONNECTIONS, "none");
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8));
        response.getBody().write(HttpRefusal.json(HttpRefusal.body(429, ErrorCode.TOO_MANY_CONNECTIONS, null, refusal)));
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

    /** Counts one more connection for the address unless that would pass a bound (then counts nothing). */
    private boolean take(String address) {
        if (!byAddress.take(address)) return false;
        if (open.incrementAndGet() > inAll) {
            open.decrementAndGet();
            byAddress.give(address);
            return false;
        }
        return true;
    }

    private void give(String address) {
        open.decrementAndGet();
        byAddress.give(address);
    }

    private String perAddressRefusal() {
        return "one client address keeps at most " + byAddress.bound() + " WebSocket connections open at once on this node; close one first";
    }

    private String inAllRefusal() {
        return "this node keeps at most " + inAll + " WebSocket connections open at once; try again later or on another node";
    }
}
