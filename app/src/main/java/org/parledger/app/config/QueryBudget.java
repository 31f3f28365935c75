package org.parledger.app.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import org.parledger.api.common.LedgerException;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Principal;
import org.springframework.graphql.execution.ErrorType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two bounds on what reading may cost. A request runs at most parledger.graphql.time-budget (10 s): a field that
 * would start after that is not run, and the request ends with QUERY_TIMEOUT. And each client (its subject, or its
 * address when anonymous) may make parledger.graphql.expensive-reads (60) expensive reads a minute (aliases asking the
 * same answer in one request count once): answers rebuilt as
 * of an instant, and the ledger-wide checks; beyond that, RATE_LIMITED with retryAfterSeconds.
 */
final class QueryBudget extends SimplePerformantInstrumentation {
    /** Where the request's address is kept for the requests that have no principal. */
    static final String CLIENT_ADDRESS = "org.parledger.clientAddress";
    private static final Set<String> EXPENSIVE = Set.of("verifyLedger", "compareReadModel", "figureProof", "verifyCheckpoint",
            "auditTrailExport", "verifyEvidence");

    private final Duration budget;
    private final int expensivePerMinute;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(5))
            .maximumSize(100_000).build();

    QueryBudget(Duration budget, int expensivePerMinute) {
        this.budget = budget;
        this.expensivePerMinute = expensivePerMinute;
    }

    /** When the request started, and the expensive reads it was charged for (aliases of one answer share it). */
    private record Started(long at, Set<String> charged) implements InstrumentationState {
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new Started(System.nanoTime(), java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) return dataFetcher;
        long started = state instanceof Started s ? s.at() : System.nanoTime();
        Set<String> charged = state instanceof Started s ? s.charged() : java.util.concurrent.ConcurrentHashMap.newKeySet();
        return environment -> {
            if (System.nanoTime() - started > budget.toNanos()) {
                throw new OverBudget("the request ran longer than its time budget of " + budget.toSeconds()
                        + " s; ask for less at once");
            }
            if (expensivePerMinute > 0 && (EXPENSIVE.contains(environment.getField().getName())
                    || environment.getArguments().get("asOf") != null)) {
                Principal principal = environment.getGraphQlContext().get(Principal.REQUEST_KEY);
                String client = principal != null ? "subject:" + principal.subject()
                        : "address:" + environment.getGraphQlContext().getOrDefault(CLIENT_ADDRESS, "unknown");
                if (charged.add(environment.getField().getName() + environment.getArguments())) take(client);
            }
            return dataFetcher.get(environment);
        };
    }

    private void take(String client) {
        Bucket bucket = buckets.get(client, c -> Bucket.builder().addLimit(Bandwidth.builder().capacity(expensivePerMinute)
                .refillGreedy(expensivePerMinute, Duration.ofMinutes(1)).build()).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = org.parledger.app.security.MutationRateLimit.RateLimited.secondsToWait(probe.getNanosToWaitForRefill());
            throw new org.parledger.app.security.MutationRateLimit.RateLimited("expensive-reads", seconds, "more than " + expensivePerMinute
                    + " answers rebuilt as of an instant (or ledger-wide checks) a minute; retry after " + seconds + " s");
        }
    }

    /**
     * QUERY_TIMEOUT for the field that would have started after the budget; also a GraphQLError, so that its code
     * reaches the client when no resolver maps it.
     */
    static final class OverBudget extends LedgerException implements GraphQLError {
        OverBudget(String message) {
            super(ErrorCode.QUERY_TIMEOUT, null, message);
        }

        @Override
        public List<SourceLocation> getLocations() {
            return List.of();
        }

        @Override
        public ErrorClassification getErrorType() {
            return ErrorType.BAD_REQUEST;
        }

        @Override
        public Map<String, Object> getExtensions() {
            return Map.of("code", ErrorCode.QUERY_TIMEOUT.name());
        }
    }
}
