package org.parledger.app.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import org.parledger.api.common.LedgerError;
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
import org.parledger.app.security.CountedAddress;
import org.springframework.graphql.execution.ErrorType;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Three bounds on what reading may cost. A request runs at most parledger.graphql.time-budget (10 s): a field that
 * would start after that is not run, and the request ends with QUERY_TIMEOUT. And each client (its subject, or its
 * address when anonymous) may make parledger.graphql.expensive-reads (60) expensive reads a minute (aliases asking the
 * same answer in one request count once): answers rebuilt as
 * of an instant, and the ledger-wide checks; beyond that, RATE_LIMITED with retryAfterSeconds. And the node runs at most
 * parledger.graphql.ledger-wide-checks (2) ledger-wide checks at once, all people together; beyond, UNAVAILABLE with
 * retryAfterSeconds at once: each holds a connection while it reads the whole ledger, and by hand 32 verifyLedger at once
 * from one inspector held all 16 of the pool's, so that other requests were refused UNAVAILABLE (twenty-third session).
 */
final class QueryBudget extends SimplePerformantInstrumentation {
    /** Where the request's address is kept for the requests that have no principal. */
    static final String CLIENT_ADDRESS = "org.parledger.clientAddress";
    private static final Set<String> EXPENSIVE = Set.of("verifyLedger", "compareReadModel", "figureProof", "verifyCheckpoint",
            "auditTrailExport", "verifyEvidence");

    /** Read the whole ledger (or every evidence file), or sign a checkpoint first: seconds per hundred thousand events. */
    private static final List<String> LEDGER_WIDE = List.of("verifyLedger", "verifyEvidence", "verifyCheckpoint", "figureProof");
    /** When a refused check is told to come back: such a check on the sample ledger takes about half a second. */
    static final int LEDGER_WIDE_RETRY_SECONDS = 5;

    private final Duration budget;
    private final int expensivePerMinute;
    private final Semaphore ledgerWide;
    private final int ledgerWideChecks;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(5))
            .maximumSize(100_000).build();

    QueryBudget(Duration budget, int expensivePerMinute, int ledgerWideChecks) {
        this.budget = budget;
        this.expensivePerMinute = expensivePerMinute;
        this.ledgerWideChecks = ledgerWideChecks;
        this.ledgerWide = new Semaphore(ledgerWideChecks);
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
                        : "address:" + CountedAddress.of(environment.getGraphQlContext().getOrDefault(CLIENT_ADDRESS, "unknown"));
                if (charged.add(environment.getField().getName() + environment.getArguments())) take(client);
            }
            if (!LEDGER_WIDE.contains(environment.getField().getName())) return dataFetcher.get(environment);
            if (!ledgerWide.tryAcquire()) {
                throw new ChecksBusy("this node is running " + ledgerWideChecks + " ledger-wide checks already ("
                        + String.join(", ", LEDGER_WIDE) + "); retry after " + LEDGER_WIDE_RETRY_SECONDS + " s");
            }
            Object answer;
            try {
                answer = dataFetcher.get(environment);
            } catch (Throwable e) {
                ledgerWide.release();
                throw e;
            }
            if (answer instanceof CompletionStage<?> later) return later.whenComplete((value, failure) -> ledgerWide.release());
            ledgerWide.release();
            return answer;
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

    /** UNAVAILABLE, counted as limit ledger-wide-checks: the node runs as many as it may at once. */
    static final class ChecksBusy extends LedgerException implements org.parledger.app.security.RefusalCounter.Limited {
        ChecksBusy(String message) {
            super(new LedgerError(ErrorCode.UNAVAILABLE, null, message, LEDGER_WIDE_RETRY_SECONDS));
        }

        @Override
        public String limit() {
            return "ledger-wide-checks";
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
