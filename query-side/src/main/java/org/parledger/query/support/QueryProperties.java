package org.parledger.query.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Answering queries (parledger.query.*).
 *
 * @param rankingReuse    how long a computed ranking is reused at most; it is renewed sooner when the figures of its
 *                        year or the year before change on this node (0s: computed for every request). The bound for
 *                        changes projected by other nodes
 * @param consistencyWait how long a query with consistentWith waits for the read model to pass that position before
 *                        it is answered NOT_CAUGHT_UP
 */
@ConfigurationProperties("parledger.query")
public record QueryProperties(@DefaultValue("1s") Duration rankingReuse, @DefaultValue("5s") Duration consistencyWait) {
}
