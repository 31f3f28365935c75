package org.parledger.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application does not start when nobody could sign in, or when an account is configured wrongly. */
class SecuritySetupTest {
    private static final String HASH = "{bcrypt}$2a$10$8v/ir2ZXZjFu9lL4l4Ezs.sgn4CEYvmH4/SZQJN1CcbkWOjjzDK3.";

    @Test
    void noIssuerAndNoAccountsStopsTheStartSayingWhatToConfigure() {
        SecurityConfiguration configuration = new SecurityConfiguration();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> configuration.credentials(Accounts.of(List.of()),
                PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                new DefaultListableBeanFactory().getBeanProvider(JwtDecoder.class),
                new JwtPrincipals(new SecurityProperties.Jwt(null, null, null, null, null)),
                new FailedSignIns(new SecurityProperties.FailedSignIns(null, null), null, null)));
        assertThat(thrown).isInstanceOf(SecurityConfiguration.NoWayToSignIn.class);
        FailureAnalysis analysis = new NoWayToSignInAnalyzer().analyze(thrown);
        assertThat(analysis.getAction()).contains("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                "parledger.security.accounts[0]", "hash-password");
    }

    @Test
    void anAccountNeedsAHashedPasswordValidGrantsAndAVisibleName() {
        assertThatThrownBy(() -> Accounts.of(List.of(new SecurityProperties.Account("a", null, "plain-text", List.of("ADMIN")))))
                .hasMessageContaining("parledger.security.accounts[0]").hasMessageContaining("bcrypt");
        assertThatThrownBy(() -> Accounts.of(List.of(new SecurityProperties.Account("a", null, "{noop}secret", List.of("ADMIN")))))
                .hasMessageContaining("bcrypt");
        assertThatThrownBy(() -> Accounts.of(List.of(new SecurityProperties.Account("a", null, HASH, List.of("ASSESSOR")))))
                .hasMessageContaining("ASSESSOR:<code>");
        assertThatThrownBy(() -> Accounts.of(List.of(new SecurityProperties.Account("a\u00A0", null, HASH, List.of("ADMIN")))))
                .hasMessageContaining("U+00A0");
        assertThatThrownBy(() -> Accounts.of(List.of(new SecurityProperties.Account("a", null, HASH, List.of("ADMIN")),
                new SecurityProperties.Account("a", null, HASH, List.of("COUNCIL"))))).hasMessageContaining("twice");
        assertThat(Accounts.of(List.of(new SecurityProperties.Account("a", null, HASH, List.of("ADMIN")))).principal("a"))
                .isPresent();
    }
}
