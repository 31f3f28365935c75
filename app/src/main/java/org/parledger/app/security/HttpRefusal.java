package org.parledger.app.security;

import jakarta.servlet.http.HttpServletResponse;
import org.parledger.api.common.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one shape of a refusal outside GraphQL, whoever refuses (the application's filters and controllers, Spring's
 * error answer, Tomcat): {@code {"status", "code", "message"}}, then {@code "field"} when one part of the request is at
 * fault and {@code "retryAfterSeconds"} when waiting helps. Clients key on {@code code}, as on GraphQL's
 * {@code extensions.code}.
 */
public final class HttpRefusal {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpRefusal() {
    }

    /** The body, in its fields' order; a caller may add {@code retryAfterSeconds}. */
    public static Map<String, Object> body(int status, ErrorCode code, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("code", code.name());
        body.put("message", message == null || message.isBlank() ? reason(status) : message);
        if (field != null) body.put("field", field);
        return body;
    }

    /** The stable code of an HTTP status that nothing more specific answered. */
    public static ErrorCode codeOf(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.WRONG_ROLE;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.INVALID_ARGUMENT : ErrorCode.INTERNAL_ERROR;
        };
    }

    /** The status's reason phrase ("Bad Request"), the message when nothing more specific is known. */
    public static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    public static byte[] json(Map<String, Object> body) {
        return JSON.writeValueAsBytes(body);
    }

    /**
     * Spring Security's answer to a bearer token (none acceptable: 401; signed in without the role: 403), which sets the
     * status and its {@code WWW-Authenticate} header but no body, with this shape's body added.
     */
    static AuthenticationEntryPoint withBody(AuthenticationEntryPoint entryPoint) {
        return (request, response, failure) -> {
            entryPoint.commence(request, response, failure);
            writeStatus(response);
        };
    }

    /** An entry point whose refusal of credentials also ends the connection ({@link #endsTheConnection}). */
    static AuthenticationEntryPoint endingTheConnection(AuthenticationEntryPoint entryPoint) {
        return (request, response, failure) -> {
            endsTheConnection(response);
            entryPoint.commence(request, response, failure);
        };
    }

    /**
     * Credentials refused (wrong, unverifiable, or from an address with too many wrong passwords): the connection ends
     * after the answer, so that requests sent after it on the connection are not read. Requests with credentials take the
     * request threads kept for people signed in; without this, a client sending false ones pipelined and reading none of
     * the short refusals filled the connection's buffers and then held a thread per connection, as an unread reader does.
     */
    public static void endsTheConnection(HttpServletResponse response) {
        if (!response.isCommitted()) response.setHeader(HttpHeaders.CONNECTION, "close");
    }

    static AccessDeniedHandler withBody(AccessDeniedHandler handler) {
        return (request, response, denied) -> {
            handler.handle(request, response, denied);
            writeStatus(response);
        };
    }

    private static void writeStatus(HttpServletResponse response) throws IOException {
        if (!response.isCommitted()) write(response, body(response.getStatus(), codeOf(response.getStatus()), null, null));
    }

    /** Writes the body as the response, with its status, saying when waiting helps (its field and Retry-After). */
    public static void write(HttpServletResponse response, Map<String, Object> body, long retryAfterSeconds) throws IOException {
        body.put("retryAfterSeconds", retryAfterSeconds);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        write(response, body);
    }

    /** Writes the body as the response, with its status. */
    public static void write(HttpServletResponse response, Map<String, Object> body) throws IOException {
        response.setStatus((Integer) body.get("status"));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json(body));
    }
}
