package org.parledger.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * /graphql-ws as Spring Boot maps it, with its connections counted and bounded ({@link WebSocketConnectionLimits}) and
 * messages outside the protocol refused ({@link WellFormedSocketMessages}).
 * Boot's own mapping (order -2) cannot be given a decorated handler, so this one answers the path first (order -3),
 * with the handshake interceptors Spring for GraphQL sets (origin check, context propagation) after the limit's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("spring.graphql.websocket.path")
class GraphQlWebSocketConfiguration {

    @Bean
    WebSocketConnectionLimits webSocketConnectionLimits(GraphQlProperties limits, ObjectProvider<MeterRegistry> meters) {
        return new WebSocketConnectionLimits(limits, meters);
    }

    @Bean
    WellFormedSocketMessages wellFormedSocketMessages(GraphQlWebSocketHandler graphQl, ObjectProvider<MeterRegistry> meters) {
        return new WellFormedSocketMessages(graphQl, new LateMeterRegistry(meters));
    }

    /**
     * As the node stops, before the web server stops taking requests (a later phase stops first): WebSocket clients
     * are told the server is going away (1001).
     */
    @Bean
    SmartLifecycle webSocketsGoAwayAtStop(WellFormedSocketMessages sockets) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                sockets.goAway();
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    @Bean
    HandlerMapping boundedGraphQlWebSocketMapping(GraphQlWebSocketHandler graphQl, WebSocketConnectionLimits limits,
                                                  WellFormedSocketMessages sockets,
                                                  org.springframework.boot.graphql.autoconfigure.GraphQlProperties boot) {
        List<HandshakeInterceptor> interceptors = new ArrayList<>();
        interceptors.add(limits);
        interceptors.addAll(graphQl.initWebSocketHttpRequestHandler(new DefaultHandshakeHandler()).getHandshakeInterceptors());
        WebSocketHttpRequestHandler bounded = new WebSocketHttpRequestHandler(
                limits.counting(sockets), new DefaultHandshakeHandler());
        bounded.setHandshakeInterceptors(interceptors);
        WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
        mapping.setWebSocketUpgradeMatch(true);
        mapping.setUrlMap(Map.of(boot.getWebsocket().getPath(), bounded));
        mapping.setOrder(-3);
        return mapping;
    }
}
