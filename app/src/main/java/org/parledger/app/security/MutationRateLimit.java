package org.parledger.app.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Principal;


/**
 * Limits how many mutations one person sends (parledger.security.rate-limit.*): a token bucket per subject
 * (Bucket4j), each mutation field of a request taking one token. Past the limit a mutation is refused with
 * RATE_LIMITED and extensions.retryAfterSeconds, and nothing is recorded. The buckets live in this node's
 * memory: with several nodes behind a balancer, each node grants the limit.
 */
public final class MutationRateLimit extends SimplePerformantInstrumentation {
    private final SecurityProperties.RateLimit limit;
    private final Cache<String, Bucket> buckets;

    MutationRateLimit(SecurityProperties.RateLimit limit) {
        this.limit = limit;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(limit.per().multipliedBy(2).plusMinutes(1))
                .maximumSize(100_000).build();
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (limit.mutations() <= 0 || !(parameters.getExecutionStepInfo().getParent().getUnwrappedNonNullType()
                instanceof GraphQLObjectType parent && parent.getName().equals("Mutation"))) {
            return dataFetcher;
        }
        return environment -> {
            Principal principal = environment.getGraphQlContext().get(Principal.REQUEST_KEY);
            if (principal != null) take(principal.subject());
            return dataFetcher.get(environment);
        };
    }

    private void take(String subject) {
        Bucket bucket = buckets.get(subject, s -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.mutations()).refillGreedy(limit.mutations(), limit.per()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = RateLimited.secondsToWait(probe.getNanosToWaitForRefill());
            throw new RateLimited("mutations", seconds, subject + " sent more than " + limit.mutations() + " changes in "
                    + limit.per() + "; retry after " + seconds + " s");
        }
    }

    /** A refusal that tells when to retry (its error's retryAfterSeconds). */
    public static final class RateLimited extends LedgerException implements RefusalCounter.Limited {
        private final String limit;

        /** @param limit which limit was reached (mutations, expensive-reads): a metric's tag */
        public RateLimited(String limit, long retryAfterSeconds, String message) {
            this(limit, null, retryAfterSeconds, message);
        }

        /** @param field the part of the request that went over the limit (an upload's body) */
        public RateLimited(String limit, String field, long retryAfterSeconds, String message) {
            super(new LedgerError(ErrorCode.RATE_LIMITED, field, message, (int) Math.min(retryAfterSeconds, Integer.MAX_VALUE)));
            this.limit = limit;
        }

        @Override
        public String limit() {
            return limit;
        }

        /** A bucket's wait for its next token, in whole seconds (rounded up, at least 1): what Retry-After says. */
        public static long secondsToWait(long nanos) {
            return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        }
    }
}
