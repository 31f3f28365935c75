package org.parledger.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.CountedAddress;
import org.parledger.app.security.RefusalCounter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.io.IOException;
import java.util.Objects;

/**
 * One client address has at most parledger.http.requests-per-address (64) requests in progress on the node at once, on
 * any path, signed in or not; beyond, 429 RATE_LIMITED at once and the connection ends. A request holds one of Tomcat's
 * request threads while it runs and while its answer is written: Tomcat writes blocking, so an answer that a client does
 * not read holds its thread until the connection's timeout. Measured: 250 connections from one anonymous client, each
 * asking for the page's chart library fifty times in one go (pipelined) and reading nothing, held all 200 threads, and a
 * request beside them gave up after 30 s; each thread came back after Tomcat's 60 s, for the client to take again.
 * <p>
 * A request is counted from when Tomcat hands it to the application until its answer is handed to the network: the
 * answer's last bytes are sent here, while it is counted, rather than by Tomcat once every valve has returned (as it does
 * when the application closes its output). An engine valve, so that it counts before Spring Security or any filter runs,
 * and after the RemoteIpValve that names the client behind a trusted proxy. The later parts of an asynchronous request
 * (its answer, once ready) are counted and never refused.
 */
@Configuration(proxyBeanMethods = false)
public class RequestsPerAddress {
    static final String LIMIT = "requests-per-address";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestsPerAddressBounded(HttpProperties http,
                                                                                        ObjectProvider<MeterRegistry> meters) {
        return new AfterRemoteIp(http.requestsPerAddress(), meters);
    }

    /**
     * Adds the valve after Spring Boot's own customizer (order 0) has added the RemoteIpValve
     * (server.forward-headers-strategy=native): engine valves run in the order they were added, and the address counted
     * must be the client's behind a trusted proxy, not the proxy's.
     */
    record AfterRemoteIp(int bound, ObjectProvider<MeterRegistry> meters)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            if (bound > 0) factory.addEngineValves(new Bound(new CountsPerKey(bound), meters));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    static final class Bound extends ValveBase {
        private final CountsPerKey inProgress;
        private final ObjectProvider<MeterRegistry> meters;

        Bound(CountsPerKey inProgress, ObjectProvider<MeterRegistry> meters) {
            super(true);
            this.inProgress = inProgress;
            this.meters = meters;
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            String address = Objects.requireNonNullElse(CountedAddress.of(request.getRemoteAddr()), "unknown");
            boolean within = inProgress.enter(address);
            try {
                if (!within && !request.isAsyncDispatching()) {
                    refuse(request, response, address);
                    return;
                }
                getNext().invoke(request, response);
                // Answered on this thread (not waiting for an asynchronous answer, not switching to WebSocket): sent now.
                if (!request.isAsyncStarted() && response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
                    response.finishResponse();
                }
            } finally {
                inProgress.give(address);
            }
        }

        /**
         * Refused before anything reads the request: its body is left unread and the connection ends after the refusal,
         * so that neither the rest of a body nor requests sent after it on the connection (pipelined) take a thread.
         */
        private void refuse(Request request, Response response, String address) throws IOException {
            meters.ifAvailable(registry -> RefusalCounter.count(registry, ErrorCode.RATE_LIMITED, LIMIT));
            String message = "more than " + inProgress.bound() + " requests in progress from " + address
                    + " at once; send the next when an answer has been read";
            response.setStatus(429);
            UnreadBodies.end(request.getCoyoteRequest());
            HttpErrors.refuse(request, response, 429, ErrorCode.RATE_LIMITED, null, message, 1);
            response.finishResponse();
        }
    }
}
