package org.parledger.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.CountedAddress;
import org.parledger.app.security.Credentials;
import org.parledger.app.security.RefusalCounter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the requests in progress on the node may hold of Tomcat's request threads (server.tomcat.threads.max, 200). A
 * request holds one while it runs and while its answer is written: Tomcat writes blocking, so an answer that a client
 * does not read holds its thread until the connection's timeout. Two bounds, both checked before sign-in or anything
 * else runs:
 * <ul>
 * <li>One client address has at most parledger.http.requests-per-address (64) requests in progress, on any path, signed
 * in or not; beyond, 429 RATE_LIMITED. Measured: 250 connections from one anonymous client, each asking for the page's
 * chart library fifty times in one go (pipelined) and reading nothing, held all 200 threads, and a request beside them
 * gave up after 30 s.</li>
 * <li>Requests without credentials, from all addresses together, have at most the threads less
 * parledger.http.kept-for-signed-in (40); beyond, half as many may wait up to a second for room ({@link WaitingRoom}),
 * the rest 503 UNAVAILABLE. Four anonymous addresses at 64 each held every thread, and the council could not publish
 * nor an assessor record while they did; a publication day's crowd of readers does the same without meaning to. A request carrying an Authorization header goes in the room kept: its credentials are checked
 * (or refused 401 when they cannot be, {@code UnverifiableAuthorization}), so a stranger who sends false ones gets a short
 * refusal, not a reader's answer. The health endpoint, which orchestrators ask anonymously, is never refused for it.</li>
 * </ul>
 * A request is counted from when Tomcat hands it to the application until its answer is handed to the network: the
 * answer's last bytes are sent here, while it is counted, rather than by Tomcat once every valve has returned (as it does
 * when the application closes its output). An engine valve, so that it counts before Spring Security or any filter runs,
 * and after the RemoteIpValve that names the client behind a trusted proxy. The later parts of an asynchronous request
 * (its answer, once ready) are counted and never refused.
 */
@Configuration(proxyBeanMethods = false)
public class RequestsInProgress {
    static final String PER_ADDRESS = "requests-per-address";
    static final String ANONYMOUS = "anonymous-requests";
    private static final String HEALTH = "/actuator/health";
    /** What is to be done once the request's answer has been handed to the network ({@link #onceSent}). */
    static final String ONCE_SENT = RequestsInProgress.class.getName() + ".onceSent";

    /**
     * Does {@code then} once the request's answer has been handed to the network, where this valve sends its last bytes
     * (of the part of an asynchronous request under way); at once where no valve counts the request. A filter that
     * counts what a request holds gives it back so, rather than flush the answer itself: committed before its end, an
     * answer whose length is not yet set goes out in chunks, with a write more (the signed-in floor's answers did).
     */
    static void onceSent(ServletRequest request, Runnable then) {
        if (request.getAttribute(ONCE_SENT) instanceof List<?> later) {
            @SuppressWarnings("unchecked") List<Runnable> runnables = (List<Runnable>) later;
            runnables.add(then);
        } else {
            then.run();
        }
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestsInProgressBounded(
            HttpProperties http, ObjectProvider<TomcatServerProperties> tomcat, ObjectProvider<MeterRegistry> meters) {
        int threads = tomcat.getIfAvailable(TomcatServerProperties::new).getThreads().getMax();
        return new AfterRemoteIp(http.requestsPerAddress(), anonymousBound(threads, http.keptForSignedIn()),
                http.keptForSignedIn() / 2, meters);
    }

    /** Requests without credentials in progress at once: the threads less those kept; 0 when none are kept (no bound). */
    static int anonymousBound(int threads, int kept) {
        if (kept <= 0) return 0;
        if (kept >= threads) {
            throw new IllegalStateException("parledger.http.kept-for-signed-in (" + kept + ") leaves no request thread of "
                    + "server.tomcat.threads.max (" + threads + ") for requests without credentials");
        }
        return threads - kept;
    }

    /**
     * Adds the valve after Spring Boot's own customizer (order 0) has added the RemoteIpValve
     * (server.forward-headers-strategy=native): engine valves run in the order they were added, and the address counted
     * must be the client's behind a trusted proxy, not the proxy's.
     */
    record AfterRemoteIp(int perAddress, int anonymous, int waiters, ObjectProvider<MeterRegistry> meters)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            if (perAddress > 0 || anonymous > 0) {
                factory.addEngineValves(new Bound(perAddress > 0 ? new CountsPerKey(perAddress) : null,
                        anonymous > 0 ? new WaitingRoom(anonymous, waiters, 1, TimeUnit.SECONDS) : null, meters));
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    static final class Bound extends ValveBase {
        private final CountsPerKey perAddress;
        private final WaitingRoom anonymous;
        private final ObjectProvider<MeterRegistry> meters;

        /** Either may be null: no bound per address, none on requests without credentials. */
        Bound(CountsPerKey perAddress, WaitingRoom anonymous, ObjectProvider<MeterRegistry> meters) {
            super(true);
            this.perAddress = perAddress;
            this.anonymous = anonymous;
            this.meters = meters;
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            String address = Objects.requireNonNullElse(CountedAddress.of(request.getRemoteAddr()), "unknown");
            boolean counted = perAddress != null;
            boolean withinAddress = !counted || perAddress.enter(address);
            boolean anonymously = anonymous != null && !Credentials.presented(request.getHeader(HttpHeaders.AUTHORIZATION));
            boolean inRoom = false;
            try {
                if (anonymously) {
                    if (request.isAsyncDispatching() || !withinAddress || health(request)) {
                        anonymous.enterPast();
                        inRoom = true;
                    } else {
                        inRoom = enterRoom();
                    }
                }
                if (!request.isAsyncDispatching()) {
                    if (!withinAddress) {
                        refuse(request, response, 429, ErrorCode.RATE_LIMITED, PER_ADDRESS, "more than " + perAddress.bound()
                                + " requests in progress from " + address + " at once; send the next when an answer has been read");
                        return;
                    }
                    if (anonymously && !inRoom) {
                        refuse(request, response, 503, ErrorCode.UNAVAILABLE, ANONYMOUS, "the node is answering as many "
                                + "requests without credentials as it may at once (" + anonymous.bound() + "); the rest of its "
                                + "request threads are kept for people signed in. Try again in a moment");
                        return;
                    }
                }
                request.setAttribute(ONCE_SENT, new ArrayList<Runnable>(1));
                getNext().invoke(request, response);
                // Answered on this thread (not waiting for an asynchronous answer, not switching to WebSocket): sent now.
                if (!request.isAsyncStarted() && response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
                    response.finishResponse();
                }
            } finally {
                if (counted) perAddress.give(address);
                if (inRoom) anonymous.leave();
                if (request.getAttribute(ONCE_SENT) instanceof List<?> later) {
                    request.removeAttribute(ONCE_SENT);
                    for (Object then : later) ((Runnable) then).run();
                }
            }
        }

        private boolean enterRoom() {
            try {
                return anonymous.enter();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private static boolean health(Request request) {
            String path = request.getDecodedRequestURI();
            return path != null && (path.equals(HEALTH) || path.startsWith(HEALTH + "/"));
        }

        /**
         * Refused before anything reads the request: its body is left unread and the connection ends after the refusal,
         * so that neither the rest of a body nor requests sent after it on the connection (pipelined) take a thread.
         */
        private void refuse(Request request, Response response, int status, ErrorCode code, String limit, String message)
                throws IOException {
            meters.ifAvailable(registry -> RefusalCounter.count(registry, code, limit));
            response.setStatus(status);
            UnreadBodies.end(request.getCoyoteRequest());
            HttpErrors.refuse(request, response, status, code, null, message, 1);
            response.finishResponse();
        }
    }
}
