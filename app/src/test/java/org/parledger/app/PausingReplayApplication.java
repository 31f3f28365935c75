package org.parledger.app;

import org.parledger.ParLedgerApplication;
import org.parledger.query.replay.ReplayObserver;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application with one addition, for {@link ReplayKilledProcessTest}: at the audit trail's fifth replay
 * checkpoint it prints a line and waits for ever, inside the checkpoint's transaction, so that the test can
 * kill the process half-way through a replay at a known point.
 */
public class PausingReplayApplication {
    static final String PAUSED = "REPLAY PAUSED HALF-WAY";

    @Configuration(proxyBeanMethods = false)
    static class Pause {
        @Bean
        ReplayObserver pauseHalfWay() {
            AtomicInteger checkpoints = new AtomicInteger();
            return (projection, processed) -> {
                if (!projection.equals("audit-trail") || checkpoints.incrementAndGet() != 5) return;
                System.out.println(PAUSED + " at " + processed);
                System.out.flush();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(new Class<?>[]{ParLedgerApplication.class, Pause.class}, args);
    }
}
