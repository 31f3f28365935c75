package org.parledger.app.security;

import io.micrometer.core.instrument.MeterRegistry;
import org.parledger.app.config.HttpProperties;
import org.parledger.app.config.RequestsPerPerson;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may come in. Every request may come in anonymously (it then reads published figures only); a request
 * that presents credentials is refused with HTTP 401 if they are wrong, expired or not from the configured
 * issuer, and records nothing. What a signed-in person may do is decided per operation by their grants
 * (Permissions on the command side, ReadAccess on the query side), never here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new VerifiedPasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder(), Duration.ofMinutes(5), 10_000);
    }

    /** The configured accounts and, where switched on, the demo accounts. */
    @Bean
    Accounts accounts(SecurityProperties properties, PasswordEncoder encoder, org.parledger.app.config.EmbeddedProperties embedded) {
        Accounts accounts = Accounts.of(properties.accounts());
        if (properties.demoAccounts().enabled()) {
            Path file = properties.demoAccounts().file() != null ? properties.demoAccounts().file()
                    : embedded.dataDir().toAbsolutePath().normalize().getParent().resolve("demo-accounts.txt");
            accounts = accounts.with(DemoAccounts.load(file, encoder));
        }
        return accounts;
    }

    @Bean
    MutationRateLimit mutationRateLimit(SecurityProperties properties) {
        return new MutationRateLimit(properties.rateLimit());
    }

    @Bean
    FailedSignIns failedSignIns(SecurityProperties properties, Accounts accounts, PasswordEncoder encoder) {
        return new FailedSignIns(properties.failedSignIns(), accounts,
                encoder instanceof VerifiedPasswords verified ? verified : null);
    }

    @Bean
    JwtPrincipals jwtPrincipals(SecurityProperties properties) {
        return new JwtPrincipals(properties.jwt());
    }

    /** Both ways in, for the filter chain and for what authenticates outside it (GraphQL over WebSocket). */
    @Bean
    Credentials credentials(Accounts accounts, PasswordEncoder encoder, ObjectProvider<JwtDecoder> jwtDecoder,
                            JwtPrincipals jwtPrincipals, FailedSignIns failedSignIns) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(basic(accounts, encoder));
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            JwtAuthenticationProvider bearer = new JwtAuthenticationProvider(decoder);
            bearer.setJwtAuthenticationConverter(jwtPrincipals);
            providers.add(bearer);
        }
        if (accounts.isEmpty() && decoder == null) throw new NoWayToSignIn();
        return new Credentials(new ProviderManager(providers), accounts, decoder != null, failedSignIns);
    }

    private static final String REALM = "PAR Ledger";
    private static final java.util.Set<String> PAGE = java.util.Set.of("/", "/index.html");
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, Credentials credentials, FailedSignIns failedSignIns,
                                           HttpProperties httpProperties, ObjectProvider<MeterRegistry> meters) throws Exception {
        // Metrics say who is busy with what: admins and inspectors (a scraper signs in as one), not the public. Everything
        // else is decided per field by the GraphQL layer, which knows the principal.
        LateMeterRegistry lateMeters = new LateMeterRegistry(meters);
        FailedSignInsFilter failedSignInsFilter = new FailedSignInsFilter(failedSignIns, lateMeters);
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", "INSPECTOR")
                        .anyRequest().permitAll())
                // No cookies, no sessions: every request carries its credentials, so there is nothing to forge
                // cross-site; /graphql accepts JSON only, which a foreign page cannot post without CORS's consent.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationManager(credentials.manager())
                .httpBasic(basicAuth -> basicAuth.authenticationEntryPoint(HttpRefusal.endingTheConnection(basicEntryPoint())))
                .addFilterBefore(new UnverifiableAuthorization(credentials.acceptsBearerTokens(), REALM), BasicAuthenticationFilter.class)
                .addFilterBefore(failedSignInsFilter, BasicAuthenticationFilter.class)
                .addFilterAfter(failedSignInsFilter.checked(), BasicAuthenticationFilter.class)
                // Once the credentials are checked, whoever they name: what one person may have in progress at once.
                .addFilterBefore(new RequestsPerPerson(httpProperties, credentials, lateMeters), AuthorizationFilter.class)
                // The read-only page runs only its own scripts and talks only to this server: an injected script or a
                // foreign frame gets nowhere. (GraphiQL, which loads its scripts from a CDN, is left as it is.)
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        request -> PAGE.contains(request.getRequestURI().substring(request.getContextPath().length())),
                        new StaticHeadersWriter("Content-Security-Policy", PAGE_POLICY))));
        if (credentials.acceptsBearerTokens()) {
            http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.authenticationManager(credentials.manager()))
                    .authenticationEntryPoint(HttpRefusal.endingTheConnection(HttpRefusal.withBody(new BearerTokenAuthenticationEntryPoint())))
                    .accessDeniedHandler(HttpRefusal.withBody(new BearerTokenAccessDeniedHandler())));
        }
        return http.build();
    }

    private static BasicAuthenticationEntryPoint basicEntryPoint() {
        BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
        entryPoint.setRealmName(REALM);
        return entryPoint;
    }

    private static DaoAuthenticationProvider basic(Accounts accounts, PasswordEncoder encoder) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(encoder);
        return provider;
    }

    /** Stops the start: nobody could ever sign in. */
    public static final class NoWayToSignIn extends IllegalStateException {
        NoWayToSignIn() {
            super("""
                    Nobody could sign in: configure an identity provider or built-in accounts.
                      - an identity provider (bearer JWTs): spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example/realms/par
                        (or ...jwt.jwk-set-uri), and if its claims differ from the defaults, parledger.security.jwt.*
                      - built-in accounts (HTTP Basic): parledger.security.accounts[0].username=..., .password={bcrypt}..., .grants=ADMIN
                        (make a hash with: java -jar par-ledger.jar hash-password)
                    See docs/security.md.""");
        }
    }
}
