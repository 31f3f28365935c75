package org.parledger.app.security;

import org.parledger.api.common.Grant;
import org.parledger.api.common.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads who a bearer token's holder is from its claims, as configured (parledger.security.jwt.*). A token
 * whose subject or name has a character refused in names, or that names a grant badly, is refused like a bad
 * signature: the request is unauthenticated. Role names the ledger does not know are ignored (providers put
 * other roles in the same claim).
 */
final class JwtPrincipals implements Converter<Jwt, AbstractAuthenticationToken> {
    private static final Logger log = LoggerFactory.getLogger(JwtPrincipals.class);
    private final SecurityProperties.Jwt claims;

    JwtPrincipals(SecurityProperties.Jwt claims) {
        this.claims = claims;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        try {
            Object subject = claim(jwt.getClaims(), claims.subjectClaim());
            Object name = claim(jwt.getClaims(), claims.nameClaim());
            Object scope = claims.scopeClaim() == null ? null : claim(jwt.getClaims(), claims.scopeClaim());
            List<Grant> grants = new ArrayList<>();
            for (String value : strings(claim(jwt.getClaims(), claims.grantsClaim()))) {
                if (!value.startsWith(claims.rolePrefix())) continue;
                String written = value.substring(claims.rolePrefix().length());
                if (!written.contains(":") && scope instanceof String s && !s.isBlank() && scoped(written)) {
                    written = written + ":" + s;
                }
                try {
                    grants.add(Grant.parse(written));
                } catch (IllegalArgumentException e) {
                    if (written.contains(":") || scoped(written)) throw e;
                    log.debug("ignoring {} of token subject {}: {}", value, subject, e.getMessage());
                }
            }
            return new LedgerAuthentication(new Principal(subject instanceof String s ? s : null,
                    name instanceof String n ? n : null, grants, Principal.BEARER, null), jwt);
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("the token does not say who its holder is acceptably: " + e.getMessage(), e);
        }
    }

    private static boolean scoped(String role) {
        String name = role.contains(":") ? role.substring(0, role.indexOf(':')) : role;
        return name.equalsIgnoreCase("ASSESSOR") || name.equalsIgnoreCase("APPRAISER");
    }

    /** A claim by name, or by a dotted path into nested objects. */
    static Object claim(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) return claims.get(path);
        Object current = claims;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) return null;
            current = map.get(part);
        }
        return current;
    }

    private static List<String> strings(Object value) {
        if (value == null) return List.of();
        if (value instanceof String s) return List.of(s.trim().split("[\\s,]+"));
        if (value instanceof Collection<?> c) return c.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        throw new IllegalArgumentException("the grants claim is neither a list nor a string");
    }
}
