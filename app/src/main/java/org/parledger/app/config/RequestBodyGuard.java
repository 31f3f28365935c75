package org.parledger.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.RefusalCounter;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A POST to /graphql is read, at most parledger.graphql.max-body (1 MB), before GraphQL looks at it: a larger body is
 * answered 413 with REQUEST_TOO_LARGE, and a body that is not a JSON object (e.g. {@code null}) 400 with
 * INVALID_ARGUMENT, both in GraphQL's error shape, instead of an HTTP 500.
 * <p>
 * No request thread waits for a client that sends its body slowly: what arrived with the headers is read at once (most
 * bodies are whole by then), and the rest is received asynchronously (a {@link ReadListener}), the request going on in
 * a second dispatch once it is in. Read on a request thread, one anonymous client sending 250 bodies a byte every few
 * seconds held all 200 of Tomcat's threads and locked every other reader out. A body must arrive whole within parledger.graphql.body-timeout
 * (30 s; 408 QUERY_TIMEOUT, field body, beyond it), and the bodies being received, all together, may hold at most
 * parledger.graphql.bodies-in-flight (64 MB) of the heap (503 UNAVAILABLE with retryAfterSeconds beyond it). A body
 * refused before it is read whole ends its connection ({@link UnreadBodies}). The filter runs after Spring Security, so
 * that the person is known before the request goes asynchronous (sign-in filters do not run again on the dispatch).
 */
@Configuration(proxyBeanMethods = false)
public class RequestBodyGuard {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BODY = RequestBodyGuard.class.getName() + ".body";
    /** When a body refused for want of room may be sent again. */
    private static final int RETRY_AFTER_SECONDS = 1;
    private static final String NO_ROOM = "the server is receiving as many request bodies as it holds at once; retry after "
            + RETRY_AFTER_SECONDS + " s";
    private static final String NOT_A_GRAPHQL_REQUEST = "the request body must be a JSON object with a query";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> graphQlBodyGuard(GraphQlProperties limits, ObjectProvider<MeterRegistry> meters) {
        int maxBody = limits.maxBody();
        String tooLarge = tooLarge(maxBody);
        long timeout = Math.max(1, limits.bodyTimeout().toMillis());
        Room room = new Room(limits.bodiesInFlight().toBytes());
        LateMeterRegistry registry = new LateMeterRegistry(meters);
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilterAsyncDispatch() {
                return false;
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (isAsyncDispatch(request)) {
                    // The dispatch after the body arrived: handed on from memory. Later dispatches (GraphQL's
                    // asynchronous answer) find no body here.
                    Object body = request.getAttribute(BODY);
                    request.removeAttribute(BODY);
                    chain.doFilter(body instanceof byte[] bytes ? new Cached(request, bytes) : request, response);
                    return;
                }
                if (!"POST".equals(request.getMethod())) {
                    chain.doFilter(request, response);
                    return;
                }
                if (request.getContentLengthLong() > maxBody) {
                    // Its connection ends after the answer (UnreadBodies): nothing of the body is read.
                    refuse(response, 413, ErrorCode.REQUEST_TOO_LARGE, "body", tooLarge);
                    return;
                }
                // What has arrived with the headers is read here (read() does not wait while available() says so): most
                // bodies are all there, and go on without a second dispatch through the filters.
                ServletInputStream in = request.getInputStream();
                ByteArrayOutputStream arrived = new ByteArrayOutputStream(initialSize(request));
                byte[] buffer = new byte[8192];
                while (!in.isFinished() && in.available() > 0) {
                    int read = in.read(buffer);
                    if (read < 0) break;
                    if (arrived.size() + read > maxBody) {
                        refuse(response, 413, ErrorCode.REQUEST_TOO_LARGE, "body", tooLarge);
                        return;
                    }
                    arrived.write(buffer, 0, read);
                }
                if (in.isFinished()) {
                    byte[] body = arrived.toByteArray();
                    if (notAGraphQlRequest(body, request)) {
                        refuse(response, 400, ErrorCode.INVALID_ARGUMENT, "body", NOT_A_GRAPHQL_REQUEST);
                        return;
                    }
                    chain.doFilter(new Cached(request, body), response);
                    return;
                }
                // The rest is on its way: received without holding this thread.
                if (!room.take(arrived.size())) {
                    refuse(response, 503, ErrorCode.UNAVAILABLE, "body", NO_ROOM, RETRY_AFTER_SECONDS);
                    RefusalCounter.count(registry.get(), ErrorCode.UNAVAILABLE, "bodies-in-flight");
                    return;
                }
                AsyncContext async = request.startAsync(request, response);
                async.setTimeout(timeout);
                Receiving receiving = new Receiving(async, maxBody, room, registry, arrived);
                async.addListener(receiving);
                in.setReadListener(receiving);
            }
        });
        registration.addUrlPatterns("/graphql");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /** The bytes of bodies being received, all requests together, against parledger.graphql.bodies-in-flight. */
    static final class Room {
        private final long limit;
        private final AtomicLong taken = new AtomicLong();

        Room(long limit) {
            this.limit = limit;
        }

        boolean take(long bytes) {
            long now;
            do {
                now = taken.get();
                if (now + bytes > limit) return false;
            } while (!taken.compareAndSet(now, now + bytes));
            return true;
        }

        void giveBack(long bytes) {
            taken.addAndGet(-bytes);
        }

        long taken() {
            return taken.get();
        }
    }

    /**
     * One body as it arrives. Tomcat calls the read callbacks one at a time, but the timeout may come from another thread:
     * whichever settles the request first answers it, under this object's lock.
     */
    private static final class Receiving implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final HttpServletRequest request;
        private final int maxBody;
        private final Room room;
        private final LateMeterRegistry meters;
        private final ByteArrayOutputStream body;
        private final byte[] buffer = new byte[8192];
        private long held;
        private boolean settled;
        private boolean bodyRead;

        /** {@code arrived}: what was read before going asynchronous, already counted in the room. */
        Receiving(AsyncContext async, int maxBody, Room room, LateMeterRegistry meters, ByteArrayOutputStream arrived) {
            this.async = async;
            this.request = (HttpServletRequest) async.getRequest();
            this.maxBody = maxBody;
            this.room = room;
            this.meters = meters;
            this.body = arrived;
            this.held = arrived.size();
        }

        @Override
        public synchronized void onDataAvailable() throws IOException {
            ServletInputStream in = request.getInputStream();
            while (!settled && in.isReady()) {
                int read = in.read(buffer);
                if (read < 0) return;
                if (body.size() + read > maxBody) {
                    answer(413, ErrorCode.REQUEST_TOO_LARGE, tooLarge(maxBody), null);
                    return;
                }
                if (!room.take(read)) {
                    answer(503, ErrorCode.UNAVAILABLE, NO_ROOM, "bodies-in-flight");
                    return;
                }
                held += read;
                body.write(buffer, 0, read);
            }
        }

        @Override
        public synchronized void onAllDataRead() throws IOException {
            if (settled) return;
            bodyRead = true;
            byte[] bytes = body.toByteArray();
            if (notAGraphQlRequest(bytes, request)) {
                answer(400, ErrorCode.INVALID_ARGUMENT, NOT_A_GRAPHQL_REQUEST, null);
                return;
            }
            settle();
            request.setAttribute(BODY, bytes);
            async.dispatch();
        }

        /** The client went away (or the connection failed) while sending: nobody to answer. */
        @Override
        public synchronized void onError(Throwable failure) {
            if (settled) return;
            settle();
            async.complete();
        }

        @Override
        public synchronized void onTimeout(AsyncEvent event) throws IOException {
            if (settled) return;
            answer(408, ErrorCode.QUERY_TIMEOUT, "the request body did not arrive within "
                    + Duration.ofMillis(async.getTimeout()).toSeconds() + " s", "body-timeout");
        }

        @Override
        public synchronized void onError(AsyncEvent event) {
            if (!settled) settle();
        }

        @Override
        public synchronized void onComplete(AsyncEvent event) {
            if (!settled) settle();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        /** Answers before the body is read whole: the connection ends after the answer (nothing more is read from it). */
        private void answer(int status, ErrorCode code, String message, String limit) throws IOException {
            settle();
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            if (limit != null) RefusalCounter.count(meters.get(), code, limit);
            try {
                refuse(response, status, code, "body", message, status == 503 ? RETRY_AFTER_SECONDS : null);
                response.flushBuffer();
            } finally {
                if (!bodyRead) UnreadBodies.endConnection(request);
                async.complete();
            }
        }

        /** Settled: the body's bytes leave the room (handed on to GraphQL, refused or abandoned). */
        private void settle() {
            settled = true;
            room.giveBack(held);
            held = 0;
        }
    }

    /** A body that cannot be a GraphQL request (e.g. {@code null}), told by its first characters. */
    private static boolean notAGraphQlRequest(byte[] body, HttpServletRequest request) {
        String start = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).stripLeading();
        return !start.startsWith("{") && (request.getContentType() == null || request.getContentType().contains("json"));
    }

    private static String tooLarge(int maxBody) {
        return "the request body is larger than " + maxBody + " bytes";
    }

    private static int initialSize(HttpServletRequest request) {
        long told = request.getContentLengthLong();
        return told > 0 ? (int) Math.min(told, 65_536) : 1024;
    }

    /** Answers a request to /graphql that a filter refuses, in GraphQL's error shape. */
    static void refuse(HttpServletResponse response, int status, ErrorCode code, String field, String message) throws IOException {
        refuse(response, status, code, field, message, null);
    }

    static void refuse(HttpServletResponse response, int status, ErrorCode code, String field, String message,
                       Integer retryAfterSeconds) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        if (retryAfterSeconds != null) response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        response.getOutputStream().write(JSON.writeValueAsBytes(refusal(code, field, message, retryAfterSeconds)));
    }

    /** A request to /graphql refused before GraphQL runs, in GraphQL's error shape: its code, and the field when known. */
    static Map<String, Object> refusal(ErrorCode code, String field, String message) {
        return refusal(code, field, message, null);
    }

    private static Map<String, Object> refusal(ErrorCode code, String field, String message, Integer retryAfterSeconds) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        if (field != null) extensions.put("field", field);
        if (retryAfterSeconds != null) extensions.put("retryAfterSeconds", retryAfterSeconds);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", extensions);
        return Map.of("errors", List.of(error));
    }

    /** The request with its body read once and handed on from memory. */
    private static final class Cached extends HttpServletRequestWrapper {
        private final byte[] body;

        Cached(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
