package org.parledger.app.security;

import org.parledger.api.common.Principal;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import java.net.InetSocketAddress;

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

    /** Whether Spring Security authenticated the request as someone (not anonymous). */
    public static boolean signedIn(Authentication authenticated) {
        return authenticated != null && authenticated.isAuthenticated() && !(authenticated instanceof AnonymousAuthenticationToken);
    }

    /** The principal of an authenticated request; null for an anonymous one. */
    public Principal principal(Authentication authenticated, InetSocketAddress from) {
        if (!signedIn(authenticated)) return null;
        Principal principal;
        if (authenticated.getPrincipal() instanceof Principal p) {
            principal = p;
        } else {
            principal = accounts.principal(authenticated.getName()).orElseThrow(() ->
                    new IllegalStateException("an authenticated account is not among the accounts: " + authenticated.getName()));
        }
        return new Principal(principal.subject(), principal.name(), principal.grants(), principal.method(), address(from));
    }

    /**
     * Whether an Authorization header presents credentials: absent or blank, it presents none and the request is
     * anonymous. One rule for the filter that refuses what cannot be checked ({@code UnverifiableAuthorization}) and for
     * the valve that counts requests without credentials apart ({@code RequestsInProgress}), so that no request counted
     * with the signed-in can pass as anonymous.
     */
    public static boolean presented(String authorization) {
        return authorization != null && !authorization.isBlank();
    }

    /** A client's address as recorded and as limits count it: its IP, or its name when unresolved; null if unknown. */
    public static String address(InetSocketAddress from) {
        return from == null ? null : from.getAddress() == null ? from.getHostString() : from.getAddress().getHostAddress();
    }

    /** Authenticates "Bearer ..." or "Basic ..."; BadCredentialsException (an AuthenticationException) if wrong. */
    Principal authenticate(String authorization, InetSocketAddress from) {
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (!bearer) throw new BadCredentialsException("no identity provider is configured for bearer tokens");
            return principal(authentication.authenticate(new BearerTokenAuthenticationToken(value.substring(7).strip())), from);
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            BasicCredentials credentials = BasicCredentials.decode(value.substring(6));
            String address = CountedAddress.of(address(from));
            FailedSignIns.Attempt attempt = failures.begin(address, credentials);
            if (!attempt.allowed()) {
                throw new BadCredentialsException("too many wrong passwords from " + address + "; retry after "
                        + attempt.retryAfterSeconds() + " s");
            }
            boolean wrong = true;
            try {
                Principal principal = principal(authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                        credentials.username(), credentials.password())), from);
                wrong = false;
                return principal;
            } finally {
                failures.end(address, attempt, wrong);
            }
        }
        throw new BadCredentialsException("Authorization is either Bearer <token> or Basic <credentials>");
    }
}
