package org.parledger.app;

import org.parledger.ParLedgerApplication;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.query.replay.ReplayObserver;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application with one addition, for {@link ReplayKilledProcessTest}: at the audit trail's fifth replay
 * checkpoint it prints a line and waits for ever, inside the checkpoint's transaction, so that the test can
 * kill the process half-way through a replay at a known point. Registered by hand, not as a component, so that
 * no other test's context picks it up.
 */
public class PausingReplayApplication {
    static final String PAUSED = "REPLAY PAUSED HALF-WAY";

    private static ReplayObserver pauseHalfWay(ApplicationContext context) {
        AtomicInteger checkpoints = new AtomicInteger();
        return (projection, processed) -> {
            if (!projection.equals("audit-trail") || checkpoints.incrementAndGet() != 5) return;
            // Checkpoints commit without waiting for the disk; make the four before this one durable, so that
            // the test knows where the replay must resume.
            try (Connection connection = context.getBean(EmbeddedLedgerDatabase.class)
                    .connections(EmbeddedLedgerDatabase.SUPERUSER).getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            System.out.println(PAUSED + " at " + processed);
            System.out.flush();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication application = new SpringApplication(ParLedgerApplication.class);
        application.addInitializers(context ->
                ((GenericApplicationContext) context).registerBean(ReplayObserver.class, () -> pauseHalfWay(context)));
        application.run(args);
    }
}
