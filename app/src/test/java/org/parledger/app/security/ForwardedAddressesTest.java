package org.parledger.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring's forwarded-header filter, which takes any client's X-Forwarded-For at its word, is refused at start. */
class ForwardedAddressesTest {
    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(ForwardedAddresses.class);

    @Test
    void theFrameworkStrategyIsRefusedSayingWhatToUseInstead() {
        context.withPropertyValues("server.forward-headers-strategy=framework").run(started -> {
            assertThat(started).hasFailed();
            Throwable refused = org.springframework.core.NestedExceptionUtils.getRootCause(started.getStartupFailure());
            assertThat(refused).isInstanceOf(ForwardedAddresses.UntrustedForwardedHeaders.class);
            assertThat(new ForwardedAddresses.Analyzer().analyze(started.getStartupFailure()).getAction())
                    .contains("server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies");
        });
        context.withPropertyValues("server.forward-headers-strategy=FRAMEWORK ").run(started -> assertThat(started).hasFailed());
    }

    @Test
    void nativeNoneAndNothingStart() {
        context.withPropertyValues("server.forward-headers-strategy=native").run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("server.forward-headers-strategy=none").run(started -> assertThat(started).hasNotFailed());
        context.run(started -> assertThat(started).hasNotFailed());
    }
}
