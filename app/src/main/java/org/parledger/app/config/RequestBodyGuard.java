package org.parledger.app.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.parledger.api.common.ErrorCode;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A POST to /graphql is read, at most parledger.graphql.max-body (1 MB), before anything else looks at it: a larger
 * body is answered 413 with REQUEST_TOO_LARGE, and a body that is not a JSON object (e.g. {@code null}) 400 with
 * INVALID_ARGUMENT, both in GraphQL's error shape, instead of an HTTP 500.
 */
@Configuration(proxyBeanMethods = false)
public class RequestBodyGuard {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> graphQlBodyGuard(GraphQlProperties limits) {
        int maxBody = limits.maxBody();
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (!"POST".equals(request.getMethod())) {
                    chain.doFilter(request, response);
                    return;
                }
                if (request.getContentLengthLong() > maxBody) {
                    refuse(response, 413, ErrorCode.REQUEST_TOO_LARGE, "body", "the request body is larger than " + maxBody + " bytes");
                    return;
                }
                byte[] body = request.getInputStream().readNBytes(maxBody + 1);
                if (body.length > maxBody) {
                    refuse(response, 413, ErrorCode.REQUEST_TOO_LARGE, "body", "the request body is larger than " + maxBody + " bytes");
                    return;
                }
                String start = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).stripLeading();
                if (!start.startsWith("{") && (request.getContentType() == null || request.getContentType().contains("json"))) {
                    refuse(response, 400, ErrorCode.INVALID_ARGUMENT, "body", "the request body must be a JSON object with a query");
                    return;
                }
                chain.doFilter(new Cached(request, body), response);
            }
        });
        registration.addUrlPatterns("/graphql");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Answers a request to /graphql that a filter refuses, in GraphQL's error shape. */
    static void refuse(HttpServletResponse response, int status, ErrorCode code, String field, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(JSON.writeValueAsBytes(refusal(code, field, message)));
    }

    /** A request to /graphql refused before GraphQL runs, in GraphQL's error shape: its code, and the field when known. */
    static Map<String, Object> refusal(ErrorCode code, String field, String message) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        if (field != null) extensions.put("field", field);
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
