package org.parledger.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.parledger.api.common.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * An Authorization header this server cannot check (another scheme, such as Digest, or a bearer token where no
 * identity provider is configured) is refused 401, as it already was in a WebSocket's connection_init. Spring Security
 * let such a request through as anonymous: a client whose credentials never counted read published figures as if
 * signed in, and learnt only at its first change. A blank header is no credentials.
 */
final class UnverifiableAuthorization extends OncePerRequestFilter {
    private final boolean bearer;
    private final String challenge;

    UnverifiableAuthorization(boolean bearer, String realm) {
        this.bearer = bearer;
        this.challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
    }

    /** The header's first word (no regular expression: this runs on every request). */
    private static String scheme(String value) {
        if (value == null) return "";
        String text = value.strip();
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) end++;
        return text.substring(0, end);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String scheme = scheme(authorization);
        if (!Credentials.presented(authorization) || scheme.equalsIgnoreCase("Basic") || bearer && scheme.equalsIgnoreCase("Bearer")) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, bearer ? challenge + ", Bearer" : challenge);
        HttpRefusal.endsTheConnection(response);
        HttpRefusal.write(response, HttpRefusal.body(401, ErrorCode.UNAUTHENTICATED, "Authorization", bearer
                ? "Authorization is either Bearer <token> or Basic <credentials>"
                : scheme.equalsIgnoreCase("Bearer")
                ? "this server takes no bearer tokens (no identity provider is configured): Authorization is Basic <credentials>"
                : "Authorization is Basic <credentials>"));
    }
}
