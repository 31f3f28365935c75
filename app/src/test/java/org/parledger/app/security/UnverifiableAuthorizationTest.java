package org.parledger.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** An Authorization header the server cannot check is refused 401, naming the header; what it can check goes on. */
class UnverifiableAuthorizationTest {

    @Test
    void otherSchemesAreRefusedAndBearerTokensOnlyWhereNoIssuerIsConfigured() throws Exception {
        UnverifiableAuthorization withIssuer = new UnverifiableAuthorization(true, "PAR Ledger");
        UnverifiableAuthorization accountsOnly = new UnverifiableAuthorization(false, "PAR Ledger");
        for (String header : new String[]{"Digest username=\"a\"", "Token abc", "Negotiate YII=", "xyz", "Basicabc"}) {
            assertRefused(withIssuer, header, "Bearer <token> or Basic");
            assertRefused(accountsOnly, header, "Authorization is Basic <credentials>");
        }
        assertRefused(accountsOnly, "Bearer eyJhbGciOiJub25lIn0.e30.", "no bearer tokens");
        assertRefused(accountsOnly, "bearer x", "no bearer tokens");
        for (String header : new String[]{"Basic YTpi", "basic YTpi", "  Basic YTpi", "Basic", "Bearer abc", "BEARER abc", "Bearer"}) {
            assertPassedOn(withIssuer, header);
        }
        for (String header : new String[]{"Basic YTpi", "BASIC !!!"}) {
            assertPassedOn(accountsOnly, header);
        }
        assertPassedOn(accountsOnly, null);
        assertPassedOn(accountsOnly, "   ");
    }

    private static void assertRefused(UnverifiableAuthorization filter, String header, String message) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request(header), response, chain);
        assertThat(chain.getRequest()).as(header).isNull();
        assertThat(response.getStatus()).as(header).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic realm=\"PAR Ledger\"");
        assertThat(response.getContentAsString()).as(header)
                .startsWith("{\"status\":401,\"code\":\"UNAUTHENTICATED\",\"message\":\"").contains(message).endsWith(",\"field\":\"Authorization\"}");
    }

    private static void assertPassedOn(UnverifiableAuthorization filter, String header) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request(header), response, chain);
        assertThat(chain.getRequest()).as(header).isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static MockHttpServletRequest request(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/graphql");
        if (header != null) request.addHeader("Authorization", header);
        return request;
    }
}
