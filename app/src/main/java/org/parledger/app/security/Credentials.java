package org.parledger.app.security;

import org.parledger.api.common.Principal;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns what Spring Security authenticated into the ledger's {@link Principal}, with the client's address; and
 * authenticates an Authorization value by itself, for GraphQL over WebSocket (browsers cannot set headers on a
 * WebSocket, so clients send it in connection_init).
 */
public final class Credentials {
    private final AuthenticationManager authentication;
    private final Accounts accounts;
    private final boolean bearer;
    private final FailedSignIns failures;

    Credentials(AuthenticationManager authentication, Accounts accounts, boolean bearer, FailedSignIns failures) {
        this.failures = failures;
        this.authentication = authentication;
        this.accounts = accounts;
        this.bearer = bearer;
    }

    AuthenticationManager manager() {
        return authentication;
    }

    boolean acceptsBearerTokens() {
        return bearer;
    }

    /** The principal of an authenticated request; null for an anonymous one. */
    public Principal principal(Authentication authenticated, InetSocketAddress from) {
        if (authenticated == null || !authenticated.isAuthenticated() || authenticated instanceof AnonymousAuthenticationToken) {
            return null;
        }
        Principal principal;
        if (authenticated.getPrincipal() instanceof Principal p) {
            principal = p;
        } else {
            principal = accounts.principal(authenticated.getName()).orElseThrow(() ->
                    new IllegalStateException("an authenticated account is not among the accounts: " + authenticated.getName()));
        }
        String address = from == null ? null : from.getAddress() == null ? from.getHostString() : from.getAddress().getHostAddress();
        return new Principal(principal.subject(), principal.name(), principal.grants(), principal.method(), address);
    }

    /** Authenticates "Bearer ..." or "Basic ..."; BadCredentialsException (an AuthenticationException) if wrong. */
    Principal authenticate(String authorization, InetSocketAddress from) {
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (!bearer) throw new BadCredentialsException("no identity provider is configured for bearer tokens");
            return principal(authentication.authenticate(new BearerTokenAuthenticationToken(value.substring(7).strip())), from);
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadCredentialsException("Basic credentials are not Base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) throw new BadCredentialsException("Basic credentials are username:password");
            String address = from == null || from.getAddress() == null ? null : from.getAddress().getHostAddress();
            FailedSignIns.Attempt attempt = failures.begin(address, value.substring(6));
            if (!attempt.allowed()) {
                throw new BadCredentialsException("too many wrong passwords from " + address + "; retry after "
                        + attempt.retryAfterSeconds() + " s");
            }
            boolean wrong = true;
            try {
                Principal principal = principal(authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                        decoded.substring(0, colon), decoded.substring(colon + 1))), from);
                wrong = false;
                return principal;
            } finally {
                failures.end(address, attempt, wrong);
            }
        }
        throw new BadCredentialsException("Authorization is either Bearer <token> or Basic <credentials>");
    }
}
