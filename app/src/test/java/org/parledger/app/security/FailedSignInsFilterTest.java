package org.parledger.app.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attempt a Basic sign-in takes ends when its password's verdict is known, not when its request is over: before,
 * every other request with the same credentials waited for the whole first request (an upload sent slowly held them).
 */
class FailedSignInsFilterTest {
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    /** Every sign-in takes an attempt (no account remembers a password here), one a minute per address. */
    private final FailedSignIns failures = new FailedSignIns(new SecurityProperties.FailedSignIns(1, Duration.ofMinutes(1)), null, null);
    private final FailedSignInsFilter filter = new FailedSignInsFilter(failures, new LateMeterRegistry(meters()));

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aRequestPastItsSignInHoldsNoOneWithTheSameCredentials() throws Exception {
        CountDownLatch signedIn = new CountDownLatch(1);
        CountDownLatch over = new CountDownLatch(1);
        // Basic accepts the password (passes the request on to the filter after it), then the request runs long.
        FilterChain acceptedThenLong = (request, response) -> filter.checked().doFilter(request, response, (r, s) -> {
            signedIn.countDown();
            await(over);
        });
        Future<?> slow = threads.submit(() -> {
            filter.doFilter(request("a", "right"), new MockHttpServletResponse(), acceptedThenLong);
            return null;
        });
        assertThat(signedIn.await(10, TimeUnit.SECONDS)).isTrue();
        // The same credentials from the same address, meanwhile: they go on (before, this waited until the first was over),
        // and the right password gave its attempt back, so the address has one left.
        Future<FailedSignIns.Attempt> same = threads.submit(() -> failures.begin("127.0.0.1", new BasicCredentials("a", "right")));
        assertThat(same.get(5, TimeUnit.SECONDS).allowed()).isTrue();
        over.countDown();
        slow.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aPasswordRefusedByBasicTakesItsAttempt() throws Exception {
        // Basic refuses (401) and does not pass the request on.
        FilterChain refused = (request, response) -> ((HttpServletResponse) response).setStatus(401);
        filter.doFilter(request("a", "guess"), new MockHttpServletResponse(), refused);
        MockHttpServletResponse next = new MockHttpServletResponse();
        filter.doFilter(request("a", "another guess"), next, (request, response) -> {
            throw new AssertionError("the password was checked although the address had no attempt left");
        });
        assertThat(next.getStatus()).isEqualTo(429);
        assertThat(next.getContentAsString()).contains("RATE_LIMITED");
    }

    private static MockHttpServletRequest request(String user, String password) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/evidence");
        request.addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
        return request;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static org.springframework.beans.factory.ObjectProvider<MeterRegistry> meters() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("meters", new SimpleMeterRegistry());
        return beans.getBeanProvider(MeterRegistry.class);
    }
}
