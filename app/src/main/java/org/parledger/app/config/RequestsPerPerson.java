package org.parledger.app.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Principal;
import org.parledger.app.security.Credentials;
import org.parledger.app.security.HttpRefusal;
import org.parledger.app.security.RefusalCounter;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * What one person signed in may have in progress on the node at once, from any address (parledger.http.requests-per-person,
 * 48), each request until its answer has been handed to the network; beyond, 429 RATE_LIMITED with Retry-After: 1, and
 * the connection ends (requests pipelined after it are not read). The bounds of {@link RequestsInProgress} count before
 * sign-in, per address and for requests without credentials; behind them one account at a few addresses, asking for
 * answers and reading none, still held every request thread, and nobody else signed in was answered. In Spring Security's
 * chain once the credentials have been checked; the parts of an asynchronous request after its first are not counted.
 */
public final class RequestsPerPerson extends OncePerRequestFilter {
    static final String PER_PERSON = "requests-per-person";
    private final CountsPerKey inProgress;
    private final Credentials credentials;
    private final LateMeterRegistry meters;

    public RequestsPerPerson(HttpProperties http, Credentials credentials, LateMeterRegistry meters) {
        this.inProgress = new CountsPerKey(http.requestsPerPerson());
        this.credentials = credentials;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Principal principal = inProgress.bound() <= 0 ? null
                : credentials.principal(SecurityContextHolder.getContext().getAuthentication(), null);
        if (principal == null) {
            chain.doFilter(request, response);
            return;
        }
        String person = principal.subject();
        if (!inProgress.take(person)) {
            RefusalCounter.count(meters.get(), ErrorCode.RATE_LIMITED, PER_PERSON);
            HttpRefusal.endsTheConnection(response);
            HttpErrors.refuse(request, response, 429, ErrorCode.RATE_LIMITED, null, "more than " + inProgress.bound()
                    + " requests in progress for " + person + " on this node; retry after 1 s", 1);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            // Counted until the answer's last bytes are sent: an unread answer holds its thread until then.
            RequestsInProgress.onceSent(request, () -> inProgress.give(person));
        }
    }
}
