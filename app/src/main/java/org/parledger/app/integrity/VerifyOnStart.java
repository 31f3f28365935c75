package org.parledger.app.integrity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar par-ledger.jar --parledger.verify=ledger} verifies the whole ledger and exits 0 when it is intact,
 * 1 otherwise, printing the report; {@code --parledger.verify=<checkpoint document.json>} checks that the ledger
 * still holds exactly the history the kept checkpoint covered.
 */
@Component
@ConditionalOnProperty("parledger.verify")
class VerifyOnStart {
    private static final Logger log = LoggerFactory.getLogger(VerifyOnStart.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final LedgerVerification verification;
    private final String what;

    VerifyOnStart(LedgerVerification verification, org.springframework.core.env.Environment environment) {
        this.verification = verification;
        this.what = environment.getProperty("parledger.verify");
    }

    @EventListener
    void verify(ApplicationReadyEvent ready) throws IOException {
        boolean holds;
        if (what.equals("ledger")) {
            LedgerVerification.Report report = verification.verify();
            for (LedgerVerification.Problem problem : report.problems()) System.out.println("FAIL  " + problem.problem());
            System.out.println(report.intact()
                    ? "INTACT: " + report.events() + " events up to position " + report.intactUpTo() + ", "
                    + report.checkpointsOk() + " of " + report.checkpoints() + " checkpoints hold"
                    : "NOT INTACT: intact up to position " + report.intactUpTo() + "; " + report.problems().size() + " problem(s)");
            holds = report.intact();
        } else {
            LedgerVerification.DocumentCheck check = verification.verify(JSON.readValue(Files.readString(Path.of(what)),
                    org.parledger.proof.Checkpoint.class));
            System.out.println((check.holds() ? "HOLDS: " : "DOES NOT HOLD: ") + check.message());
            holds = check.holds();
        }
        int exit = holds ? 0 : 1;
        log.info("Verification ended; exiting {}", exit);
        System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> exit));
    }
}
