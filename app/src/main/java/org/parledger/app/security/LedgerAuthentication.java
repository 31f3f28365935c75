package org.parledger.app.security;

import org.parledger.api.common.Principal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A person authenticated by a bearer token, as the ledger knows them. */
final class LedgerAuthentication extends AbstractAuthenticationToken {
    private final Principal principal;
    private final transient Object token;

    LedgerAuthentication(Principal principal, Object token) {
        super(principal.grants().stream().map(g -> new SimpleGrantedAuthority("ROLE_" + g.role())).toList());
        this.principal = principal;
        this.token = token;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Principal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.subject();
    }
}
