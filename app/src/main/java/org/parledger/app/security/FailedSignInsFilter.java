package org.parledger.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.parledger.api.common.ErrorCode;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

/**
 * In front of HTTP Basic: a request whose password would be checked in full takes an attempt from its address (given
 * back unless it is refused 401); with none left it is answered 429 RATE_LIMITED (field Authorization, with Retry-After)
 * before its password is checked. See {@link FailedSignIns}.
 * <p>
 * The attempt ends as soon as the password's verdict is known: a request that gets past HTTP Basic ends it there
 * ({@link #checked()}, right after Basic's filter), one refused 401 when it comes back. Ended only when the whole request
 * was over, the check stayed "under way" for as long as the request ran, and every other request with the same
 * credentials waited for it: one assessor's first request of the day an evidence upload sent slowly (or a large one on a
 * slow link), and each of their requests beside it held a request thread until the upload was over (100 threads were
 * found waiting so; 250 such requests would have held all 200).
 */
final class FailedSignInsFilter extends OncePerRequestFilter {
    /** The attempt of a request whose password is being checked, until its verdict ends it. */
    private static final String ATTEMPT = FailedSignInsFilter.class.getName() + ".attempt";
    private final FailedSignIns failures;
    private final LateMeterRegistry meters;

    FailedSignInsFilter(FailedSignIns failures, LateMeterRegistry meters) {
        this.failures = failures;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.strip().regionMatches(true, 0, "Basic ", 0, 6)) {
            chain.doFilter(request, response);
            return;
        }
        String address = CountedAddress.of(request.getRemoteAddr());
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.decode(authorization.strip().substring(6));
        } catch (BadCredentialsException e) {
            credentials = null; // refused 401 by Basic's own filter, and counted
        }
        FailedSignIns.Attempt attempt = failures.begin(address, credentials);
        if (!attempt.allowed()) {
            refuse(response, attempt.retryAfterSeconds(), address);
            return;
        }
        request.setAttribute(ATTEMPT, attempt);
        boolean wrong = true;
        try {
            chain.doFilter(request, response);
            wrong = response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED;
        } finally {
            // Not ended past Basic: refused (401) or failed before its verdict.
            if (request.getAttribute(ATTEMPT) == attempt) {
                request.removeAttribute(ATTEMPT);
                failures.end(address, attempt, wrong);
            }
        }
    }

    /** The filter right after HTTP Basic's: a request that reaches it had its password accepted, and ends its attempt. */
    OncePerRequestFilter checked() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getAttribute(ATTEMPT) instanceof FailedSignIns.Attempt attempt) {
                    request.removeAttribute(ATTEMPT);
                    failures.end(CountedAddress.of(request.getRemoteAddr()), attempt, false);
                }
                chain.doFilter(request, response);
            }
        };
    }

    private void refuse(HttpServletResponse response, long wait, String address) throws IOException {
        RefusalCounter.count(meters.get(), ErrorCode.RATE_LIMITED, "failed-sign-ins");
        Map<String, Object> body = HttpRefusal.body(429, ErrorCode.RATE_LIMITED, "Authorization", "more than " + failures.limit()
                + " wrong passwords from " + address + " within " + failures.per() + "; passwords from it are not checked for " + wait + " s");
        HttpRefusal.endsTheConnection(response);
        HttpRefusal.write(response, body, wait);
    }
}
