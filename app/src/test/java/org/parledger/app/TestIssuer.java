package org.parledger.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An identity provider for the tests, in-process: an RSA key made here, its JWK set and OpenID discovery
 * document served on loopback, and tokens signed with it. Nothing external.
 */
final class TestIssuer {
    static final TestIssuer INSTANCE = new TestIssuer();
    private final RSAKey key;
    private final RSAKey otherKey;
    private final HttpServer server;

    private TestIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").keyUse(KeyUse.SIGNATURE).generate();
            otherKey = new RSAKeyGenerator(2048).keyID("test-key").keyUse(KeyUse.SIGNATURE).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        server.createContext("/issuer/jwks", exchange -> send(exchange, jwks));
        server.createContext("/issuer/.well-known/openid-configuration", exchange -> send(exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\","
                        + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
        server.setExecutor(null);
        server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/issuer";
    }

    String jwkSetUri() {
        return issuer() + "/jwks";
    }

    /** A valid token for one subject with these grants (e.g. "ASSESSOR:22"), for ten minutes. */
    String token(String subject, List<String> grants) {
        return token(claims(subject, grants).build(), key);
    }

    JWTClaimsSet.Builder claims(String subject, List<String> grants) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject(subject).claim("grants", grants)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).jwtID(UUID.randomUUID().toString());
    }

    String token(JWTClaimsSet claims) {
        return token(claims, key);
    }

    /** Signed by a key the issuer never published (same key id). */
    String tokenSignedByAnotherKey(JWTClaimsSet claims) {
        return token(claims, otherKey);
    }

    private static String token(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Configures the application under test to trust this issuer through OpenID discovery (issuer-uri). */
    static final class ByIssuerUri implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-issuer",
                    Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", INSTANCE.issuer())));
        }
    }

    /** Configures the application under test to trust this issuer's keys (jwk-set-uri) and check its name. */
    static final class ByJwkSetUri implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-issuer", Map.of(
                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", INSTANCE.jwkSetUri(),
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri", INSTANCE.issuer())));
        }
    }

}
