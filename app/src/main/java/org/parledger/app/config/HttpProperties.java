package org.parledger.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one client may hold of the node's HTTP server (parledger.http.*).
 *
 * @param requestsPerAddress requests one client address has in progress at once, on any path, each until its answer
 *                           has been handed to the network (RATE_LIMITED, HTTP 429, beyond it; 0: no limit). A request
 *                           holds one of Tomcat's request threads (server.tomcat.threads.max, 200) while it runs and
 *                           while its answer is written to a client that does not read it; without a bound, one client
 *                           that asked for answers and never read them held them all
 * @param keptForSignedIn    request threads kept for requests that carry credentials (an Authorization header):
 *                           requests without, from all addresses together, have at most the rest in progress at once
 *                           (beyond it, half as many wait up to a second for room, the others are refused UNAVAILABLE,
 *                           HTTP 503; the health endpoint is never refused; 0: none kept). Without it, anonymous readers
 *                           at a few addresses, or a publication day's crowd, held every thread and nobody could sign
 *                           in to record, appraise or publish
 * @param requestsPerPerson  requests one person signed in has in progress on the node at once, from any address, each
 *                           until its answer has been handed to the network (RATE_LIMITED, HTTP 429, beyond it; 0: no
 *                           limit): one account at a few addresses, reading none of its answers, otherwise held every
 *                           request thread; 32 clients of one account at once stay within it
 */
@ConfigurationProperties("parledger.http")
public record HttpProperties(@DefaultValue("64") int requestsPerAddress, @DefaultValue("40") int keptForSignedIn,
                             @DefaultValue("48") int requestsPerPerson) {
}
