package org.parledger.app;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole application over HTTP on a real, embedded PostgreSQL that starts empty, trusting the tests'
 * identity provider through OpenID discovery. Every test class with this annotation shares one application
 * context and database; tests use their own unit codes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parledger.sample-data.enabled=false",
        "parledger.embedded.data-dir=target/test-postgres",
        "parledger.embedded.clean=true",
        "parledger.replay.checkpoint-every=20",
        // No checkpoints on a timer: one signed ten minutes into the run is an event no test sent, and the tests that
        // check a refusal recorded nothing count events (PermissionTableTest failed so). Tests sign checkpoints themselves.
        "parledger.integrity.checkpoint-every=0s",
        // Nor a verification on a timer (TamperingTest runs one itself, PeriodicVerificationTest the timer).
        "parledger.integrity.verify-every=0s",
        // Rankings are renewed by the read model's versions alone, not by the time bound meant for several nodes.
        "parledger.query.ranking-reuse=1h",
        // Tests send thousands of changes as a handful of people; the limit itself is tested in SignInTest.
        "parledger.security.rate-limit.mutations=0",
        "parledger.security.demo-accounts.enabled=false",
        // Each person may upload 1 MB of evidence files a day (EvidenceFilesEndToEndTest goes past it); tests upload a
        // few kilobytes as a person of their own.
        "parledger.evidence.rate-limit.bytes=1MB",
        // A read waits for the read model as long as in production (5s): the tests share two cores with the database.
        "parledger.query.consistency-wait=5s",
        // Idle WebSocket connections are pinged every second rather than 30 s, so that WebSocketConnectionsTest sees a ping
        // soon and every subscription test meets them (its client answers pong, as graphql-transport-ws asks).
        "spring.graphql.websocket.keep-alive=1s",
        // A body that does not arrive is answered after 5 s rather than 30 s, and the bodies being received may hold 8 MB
        // rather than 64 MB, so that SlowBodiesTest reaches both soon (tests send their bodies whole, at once).
        "parledger.graphql.body-timeout=5s",
        "parledger.graphql.bodies-in-flight=8MB",
        // Every test's client is 127.0.0.1, and SlowBodiesTest sends 270 requests at once from it: its bound is raised
        // from 64 so that only SlowReadersTest (from 127.0.0.2, holding that many threads while it runs) reaches it.
        "parledger.http.requests-per-address=120"
})
@ContextConfiguration(initializers = TestIssuer.ByIssuerUri.class)
@Import({ConnectionWatch.class, ReplayInterruptions.class, SmallSendBuffers.class})
@interface LedgerIntegrationTest {
}
