package org.parledger.app.config;

import org.apache.catalina.Container;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.ExceptionUtils;
import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.HttpRefusal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Errors that happen outside GraphQL and outside the application's own refusals are answered in the application's
 * shape too ({@link HttpRefusal}: status, code, message): Spring's error answer (a path that does not exist, a wrong
 * password) and what Tomcat refuses before the application sees it (a request line and headers over 8 KB, such as a
 * GraphQL document too long for a GET), the latter instead of Tomcat's HTML page with its version.
 */
@Configuration(proxyBeanMethods = false)
class HttpErrors {

    @Bean
    ErrorAttributes errorAttributes() {
        return new DefaultErrorAttributes() {
            @Override
            public Map<String, Object> getErrorAttributes(WebRequest request, org.springframework.boot.web.error.ErrorAttributeOptions options) {
                Map<String, Object> attributes = super.getErrorAttributes(request, options);
                if (!(attributes.get("status") instanceof Integer status)) return attributes;
                return HttpRefusal.body(status, HttpRefusal.codeOf(status), null, (String) attributes.get("message"));
            }
        };
    }

    /**
     * A query string whose percent-encoded bytes are not UTF-8 is refused here, before anything reads it: thrown on
     * from wherever a parameter was first read (Spring Security, Actuator, a controller), it was answered 400 but logged
     * at ERROR with its whole stack, for every such request anyone sends. On {@code /graphql} the refusal is a GraphQL
     * error, as every other refusal there.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> undecodableQueryStrings() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String query = request.getQueryString();
                return query == null || query.indexOf('%') < 0;
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    request.getParameterMap();
                } catch (IllegalStateException e) {
                    refuse(request, response, 400, ErrorCode.INVALID_ARGUMENT, "queryString",
                            "the query string is not UTF-8 once percent-decoded", null);
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * A refusal before GraphQL or a controller runs, in the shape its path answers in: on {@code /graphql} a GraphQL
     * error, elsewhere the application's ({@link HttpRefusal}); with Retry-After when waiting helps.
     */
    static void refuse(HttpServletRequest request, HttpServletResponse response, int status, ErrorCode code, String field,
                       String message, Integer retryAfterSeconds) throws IOException {
        if (GraphQlOverGet.PATH.equals(request.getRequestURI())) {
            RequestBodyGuard.refuse(response, status, code, field, message, retryAfterSeconds);
        } else if (retryAfterSeconds != null) {
            HttpRefusal.write(response, HttpRefusal.body(status, code, field, message), retryAfterSeconds);
        } else {
            HttpRefusal.write(response, HttpRefusal.body(status, code, field, message));
        }
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> typedTomcatErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) host.setErrorReportValveClass(TypedErrorReportValve.class.getName());
        });
    }

    /** Tomcat's own refusals as JSON with a code: no markup, no server version. Instantiated by Tomcat by its name. */
    public static class TypedErrorReportValve extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
            AtomicBoolean writable = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
            if (!writable.get()) return;
            String body = new String(HttpRefusal.json(HttpRefusal.body(status, HttpRefusal.codeOf(status), null, null)), StandardCharsets.UTF_8);
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("utf-8");
            } catch (Throwable t) {
                ExceptionUtils.handleThrowable(t);
            }
            try {
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response is committed: nothing more to say.
            }
        }
    }
}
