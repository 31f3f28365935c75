package org.parledger.app.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.parledger.api.common.ErrorCode;

/**
 * parledger.refusals, one meter for every place that refuses (GraphQL, evidence files, sign-in): its name and tags are
 * kept here once, since a registry refuses one name under two sets of tags.
 */
public final class RefusalCounter {
    private RefusalCounter() {
    }

    /** A refusal because a limit was reached: the limit's name is the metric's tag. */
    public interface Limited {
        String limit();
    }

    /** A refusal by its code, and the limit reached when it is {@link Limited} (e.g. {@link MutationRateLimit.RateLimited}). */
    public static void count(MeterRegistry meters, ErrorCode code, Throwable thrown) {
        count(meters, code, thrown instanceof Limited limited ? limited.limit() : "none");
    }

    public static void count(MeterRegistry meters, ErrorCode code, String limit) {
        Counter.builder("parledger.refusals").description("Requests and commands answered with a refusal, by code (and, for "
                        + "RATE_LIMITED, the limit reached: mutations, expensive-reads, evidence-bytes, evidence-uploads, "
                        + "failed-sign-ins, requests-per-address or requests-per-person; for UNAVAILABLE, ledger-wide-checks, bodies-in-flight, anonymous-requests or anonymous-executions when the node holds as many as it "
                        + "may at once; for QUERY_TIMEOUT, body-timeout when a request's body did not arrive in time)")
                .tag("code", code.name()).tag("limit", limit).register(meters).increment();
    }
}
