package org.parledger.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Limits of the GraphQL endpoint (parledger.graphql.*): what a request may ask before anything runs, and for how long.
 *
 * @param maxBody           the largest request body in bytes (REQUEST_TOO_LARGE beyond it)
 * @param bodyTimeout       how long a request's body may take to arrive whole (QUERY_TIMEOUT, field body, HTTP 408 beyond
 *                          it): a body is received without holding a request thread, and this bounds how long its
 *                          connection and what it sent are held
 * @param bodiesInFlight    the bodies the node receives at once, all requests together, by what has arrived so far
 *                          (UNAVAILABLE with retryAfterSeconds beyond it): the heap that slow senders can take
 * @param maxDepth          the deepest document (QUERY_TOO_DEEP beyond it)
 * @param maxComplexity     the costliest document: a field costs 1, a list its items' cost times what it can hold, an
 *                          answer rebuilt as of an instant what rebuilding costs (QUERY_TOO_COMPLEX beyond it)
 * @param timeBudget        how long a request may run before its remaining fields answer QUERY_TIMEOUT
 * @param expensiveReads    answers rebuilt as of an instant and ledger-wide checks, per person or address and minute
 *                          (RATE_LIMITED beyond it; 0: no limit)
 * @param documentCache     parsed and validated documents kept by their text, up to this much text (a document weighs its
 *                          length in characters; its parsed form takes about seven times as much heap, measured)
 * @param keptAnswers       answers kept for repeated reads (KeptAnswers), up to this much: an answer weighs its JSON, its
 *                          document and its variables, so what strangers send cannot grow the heap beyond it
 * @param subscriptionsPerConnection subscriptions one WebSocket connection keeps open at once (TOO_MANY_SUBSCRIPTIONS
 *                          beyond it)
 * @param subscriptionsPerAddress subscriptions the node keeps open at once for one client address, all its
 *                          connections together: one client cannot take the node's whole room (TOO_MANY_SUBSCRIPTIONS
 *                          beyond it)
 * @param subscriptions     subscriptions the node keeps open at once, all connections together (each holds about 10 KB
 *                          and a subscription to the ranking's changes; TOO_MANY_SUBSCRIPTIONS beyond it)
 * @param websocketConnectionsPerAddress WebSocket connections the node keeps open at once for one client address
 *                          (TOO_MANY_CONNECTIONS beyond it): an idle one holds about 80 KB of heap
 * @param websocketConnections WebSocket connections the node keeps open at once, all addresses together
 *                          (TOO_MANY_CONNECTIONS beyond it)
 * @param ledgerWideChecks  ledger-wide checks (verifyLedger, verifyEvidence, verifyCheckpoint, figureProof) the node runs
 *                          at once, all people together; beyond, UNAVAILABLE with retryAfterSeconds. Each holds a
 *                          database connection for as long as it reads (minutes on a ledger of millions of events), and
 *                          the per-person limit above bounds how many a minute, not how many at once
 * @param anonymousExecutions documents executed at once for requests without credentials (AnonymousExecutions; an
 *                          answer kept for readers needs none); unset, twice the processors the JVM sees; 0: no bound
 * @param anonymousWait     how long such a request waits for its turn before UNAVAILABLE with retryAfterSeconds
 */
@ConfigurationProperties("parledger.graphql")
public record GraphQlProperties(@DefaultValue("1048576") int maxBody, @DefaultValue("30s") Duration bodyTimeout,
                                @DefaultValue("64MB") DataSize bodiesInFlight, @DefaultValue("15") int maxDepth,
                                @DefaultValue("20000") int maxComplexity, @DefaultValue("10s") Duration timeBudget,
                                @DefaultValue("60") int expensiveReads, @DefaultValue("2MB") DataSize documentCache,
                                @DefaultValue("32MB") DataSize keptAnswers, @DefaultValue("20") int subscriptionsPerConnection,
                                @DefaultValue("500") int subscriptionsPerAddress, @DefaultValue("5000") int subscriptions,
                                @DefaultValue("100") int websocketConnectionsPerAddress,
                                @DefaultValue("1000") int websocketConnections, @DefaultValue("2") int ledgerWideChecks,
                                Integer anonymousExecutions, @DefaultValue("5s") Duration anonymousWait) {
}
