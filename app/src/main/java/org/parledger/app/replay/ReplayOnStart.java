package org.parledger.app.replay;

import org.parledger.api.common.LedgerException;
import org.parledger.query.replay.ReplayProgress;
import org.parledger.query.replay.ReplayState;
import org.parledger.query.replay.Replays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.parledger.query.support.ReplayProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;

/**
 * Replays from the command line and after a crash. {@code --parledger.replay.run=all} (or a comma-separated
 * list of projections) replays once the application is up and exits with 0 when the new tables serve, 1
 * otherwise. Without it, a replay that was stopped before switching (process killed) is resumed from its
 * last checkpoint unless {@code parledger.replay.resume-on-start=false}.
 */
@Component
class ReplayOnStart {
    private static final Logger log = LoggerFactory.getLogger(ReplayOnStart.class);
    private final Replays replays;
    private final String run;
    private final boolean resume;

    ReplayOnStart(Replays replays, ReplayProperties properties) {
        this.replays = replays;
        this.run = properties.run() == null ? "" : properties.run();
        this.resume = properties.resumeOnStart();
    }

    @EventListener
    void started(ApplicationReadyEvent ready) {
        if (!run.isBlank()) {
            List<String> projections = Arrays.stream(run.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            try {
                replays.start(projections);
            } catch (LedgerException refused) {
                log.error("Replay from the command line refused: {} - {}", refused.error().code(), refused.getMessage());
                System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> 1));
                return;
            }
            ReplayProgress end = replays.completion().join();
            log.info("Replay from the command line ended: {} ({} events, {} events/s)", end.state(), end.processed(),
                    Math.round(end.eventsPerSecond()));
            int status = end.state() == ReplayState.COMPLETED ? 0 : 1;
            System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> status));
        }
        if (resume) {
            replays.unfinished().ifPresent(projections -> {
                log.info("A replay of {} stopped before switching: resuming it from its last checkpoint", projections);
                replays.start(projections);
            });
        }
    }
}
