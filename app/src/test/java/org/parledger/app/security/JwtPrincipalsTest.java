package org.parledger.app.security;

import org.junit.jupiter.api.Test;
import org.parledger.api.common.Grant;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which claims say who the holder is: the documented defaults, and an identity provider that differs. */
class JwtPrincipalsTest {
    private static Jwt jwt(Map<String, Object> claims) {
        return new Jwt("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), claims);
    }

    private static Principal principal(SecurityProperties.Jwt config, Map<String, Object> claims) {
        return (Principal) new JwtPrincipals(config).convert(jwt(claims)).getPrincipal();
    }

    private static final SecurityProperties.Jwt DEFAULTS = new SecurityProperties.Jwt(null, null, null, null, null);

    @Test
    void byDefaultSubNameAndAListOfGrants() {
        Principal principal = principal(DEFAULTS, Map.of("sub", "nguyen.van.a", "name", "Nguyễn Văn A",
                "grants", List.of("ASSESSOR:22", "appraiser:SNV", "offline_access")));
        assertThat(principal.subject()).isEqualTo("nguyen.van.a");
        assertThat(principal.name()).isEqualTo("Nguyễn Văn A");
        assertThat(principal.grants()).containsExactly(new Grant(Role.ASSESSOR, "22"), new Grant(Role.APPRAISER, "SNV"));
        assertThat(principal.method()).isEqualTo(Principal.BEARER);
    }

    @Test
    void aProviderWithNestedRolesAPrefixAndTheUnitInAClaimOfItsOwn() {
        SecurityProperties.Jwt keycloak = new SecurityProperties.Jwt("preferred_username", "name", "realm_access.roles",
                "par_unit", "par-");
        Principal principal = principal(keycloak, Map.of("sub", "f81d4fae", "preferred_username", "tran.b",
                "realm_access", Map.of("roles", List.of("par-ASSESSOR", "par-INSPECTOR", "ASSESSOR", "uma_authorization")),
                "par_unit", "31"));
        assertThat(principal.subject()).isEqualTo("tran.b");
        assertThat(principal.name()).isEqualTo("tran.b");
        assertThat(principal.grants()).containsExactly(new Grant(Role.ASSESSOR, "31"), new Grant(Role.INSPECTOR, null));
    }

    @Test
    void grantsWrittenAsOneStringAreReadToo() {
        assertThat(principal(DEFAULTS, Map.of("sub", "a", "grants", "COUNCIL SURVEY")).grants())
                .containsExactly(new Grant(Role.COUNCIL, null), new Grant(Role.SURVEY, null));
    }

    @Test
    void aTokenThatCannotSayWhoItsHolderIsIsRefused() {
        assertThatThrownBy(() -> principal(DEFAULTS, Map.of("name", "no subject"))).isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> principal(DEFAULTS, Map.of("sub", "a\u200B"))).isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> principal(DEFAULTS, Map.of("sub", "a", "grants", List.of("ASSESSOR"))))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> principal(DEFAULTS, Map.of("sub", "a", "grants", List.of("ASSESSOR:2\n2"))))
                .isInstanceOf(InvalidBearerTokenException.class);
    }
}
