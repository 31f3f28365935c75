package org.parledger.app.config;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The node-wide bound on WebSocket connections, and the counting done as connections open and close (the per-address
 * bound end to end is in WebSocketConnectionsTest). Bounds here: 2 per address, 3 on the node.
 */
class WebSocketConnectionLimitsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WebSocketConnectionLimits limits = new WebSocketConnectionLimits(new GraphQlProperties(1_048_576, Duration.ofSeconds(30), DataSize.ofMegabytes(64), 15, 20_000,
            Duration.ofSeconds(10), 60, DataSize.ofMegabytes(2), DataSize.ofMegabytes(32), 20, 500, 5000, 2, 3, 2, null, Duration.ofSeconds(5)),
            meterProvider());
    /** Stands for the GraphQL handler: the sessions it was given. */
    private final Set<WebSocketSession> passedOn = ConcurrentHashMap.newKeySet();
    private final WebSocketHandler graphQl = new AbstractWebSocketHandler() {
        @Override
        public void afterConnectionEstablished(WebSocketSession session) {
            passedOn.add(session);
        }
    };
    private final WebSocketHandler counting = limits.counting(graphQl);

    {
        limits.bindTo(meters);
    }

    private org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meterProvider() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("meters", meters);
        return beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class);
    }

    private static WebSocketSession session(String address) {
        WebSocketSession session = mock(WebSocketSession.class);
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        when(session.getAttributes()).thenReturn(attributes);
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress(address, 50000));
        return session;
    }

    /** Opens the session as Tomcat would; whether it was let through to the GraphQL handler. */
    private boolean opens(WebSocketSession session) throws Exception {
        counting.afterConnectionEstablished(session);
        return passedOn.contains(session);
    }

    private void closes(WebSocketSession session) throws Exception {
        counting.afterConnectionClosed(session, CloseStatus.NORMAL);
    }

    /** A handshake from the address: 101 (null) or the refusal's status and body. */
    private String handshake(String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/graphql-ws");
        request.setRemoteAddr(address);
        MockHttpServletResponse response = new MockHttpServletResponse();
        ServletServerHttpResponse wrapped = new ServletServerHttpResponse(response);
        boolean allowed = limits.beforeHandshake(new ServletServerHttpRequest(request), wrapped, graphQl, new HashMap<>());
        wrapped.flush();
        return allowed ? null : response.getStatus() + " " + response.getContentAsString();
    }

    @Test
    void theNodesBoundHoldsAcrossAddressesAndAClosedConnectionMakesRoom() throws Exception {
        WebSocketSession a1 = session("192.0.2.1");
        assertThat(opens(a1)).isTrue();
        assertThat(opens(session("192.0.2.1"))).isTrue();
        assertThat(handshake("192.0.2.1")).as("the address's bound").startsWith("429 ").contains("TOO_MANY_CONNECTIONS")
                .contains("at most 2");
        assertThat(opens(session("192.0.2.2"))).isTrue();
        assertThat(limits.open()).isEqualTo(3);
        assertThat(handshake("192.0.2.3")).as("the node's bound").startsWith("429 ").contains("at most 3");
        assertThat(meters.get("parledger.refusals").tag("code", "TOO_MANY_CONNECTIONS").counter().count()).isEqualTo(2);
        assertThat(meters.get("parledger.graphql.websocket.connections").gauge().value()).isEqualTo(3);

        closes(a1);
        assertThat(limits.open()).isEqualTo(2);
        assertThat(handshake("192.0.2.3")).isNull();
        assertThat(opens(session("192.0.2.3"))).isTrue();
    }

    /** Handshakes that passed the check together: the one over the bound is closed as it opens, and counted nowhere. */
    @Test
    void aConnectionThatRacedPastTheHandshakeCheckIsClosedAsItOpens() throws Exception {
        assertThat(handshake("192.0.2.1")).isNull();
        assertThat(handshake("192.0.2.1")).isNull();
        assertThat(handshake("192.0.2.1")).isNull();
        WebSocketSession first = session("192.0.2.1");
        WebSocketSession third = session("192.0.2.1");
        assertThat(opens(first)).isTrue();
        assertThat(opens(session("192.0.2.1"))).isTrue();
        assertThat(opens(third)).as("over the address's bound").isFalse();
        verify(third).close(CloseStatus.SERVICE_OVERLOAD.withReason("TOO_MANY_CONNECTIONS"));
        counting.afterConnectionClosed(third, CloseStatus.SERVICE_OVERLOAD);
        assertThat(limits.open()).as("the refused one was never counted, and its close gives nothing back").isEqualTo(2);

        closes(first);
        assertThat(limits.open()).isEqualTo(1);
        WebSocketSession another = session("192.0.2.1");
        assertThat(opens(another)).isTrue();
        verify(another, never()).close(org.mockito.ArgumentMatchers.any());
    }

    /** Closing twice (an error, then the close) gives the room back once. */
    @Test
    void aConnectionIsGivenBackOnce() throws Exception {
        WebSocketSession session = session("192.0.2.1");
        opens(session);
        opens(session("192.0.2.1"));
        counting.afterConnectionClosed(session, CloseStatus.SERVER_ERROR);
        counting.afterConnectionClosed(session, CloseStatus.NORMAL);
        assertThat(limits.open()).isEqualTo(1);
        assertThat(handshake("192.0.2.1")).isNull();
    }
}
