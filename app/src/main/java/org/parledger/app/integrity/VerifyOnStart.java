package org.parledger.app.integrity;

import org.parledger.app.operations.CommandLineRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar par-ledger.jar --parledger.verify=ledger} verifies the whole ledger and exits 0 when it is intact,
 * 1 otherwise, printing the report; {@code --parledger.verify=<checkpoint document.json>} checks that the ledger
 * still holds exactly the history the kept checkpoint covered (0 when it does, 1 when not). Exit 2: it could not be
 * checked (the database out of reach or in use by a running application, a document that cannot be read), said on
 * one line; before, that was exit 1 with Spring's stack trace, the same as a ledger found altered.
 * <p>
 * It runs as a task ({@link CommandLineRuns}: a free loopback port, no sample data, no checkpoint signed), and resumes
 * no replay. Sign-in is configured as for the application, which refuses to start without one.
 */
@Component
@ConditionalOnProperty("parledger.verify")
public class VerifyOnStart {
    private static final Logger log = LoggerFactory.getLogger(VerifyOnStart.class);
    /** Exit status when the check could not be made. */
    public static final int COULD_NOT_VERIFY = 2;
    private final LedgerVerification verification;
    private final String what;

    VerifyOnStart(LedgerVerification verification, org.springframework.core.env.Environment environment) {
        this.verification = verification;
        this.what = environment.getProperty("parledger.verify");
    }

    /** Whether the command line asks for a check rather than a running application. */
    public static boolean asked(String[] args) {
        return CommandLineRuns.asked(args, "parledger.verify");
    }

    /** Starts what the check needs, runs it and answers the exit status. */
    public static int run(Class<?> application, String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .listeners(CommandLineRuns.asATask(Map.of("parledger.replay.resume-on-start", "false")))
                .run(args)) {
            return context.getBean(VerifyOnStart.class).verify();
        } catch (Throwable e) {
            Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
            System.out.println("COULD NOT VERIFY: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            return COULD_NOT_VERIFY;
        }
    }

    int verify() throws IOException {
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
            LedgerVerification.DocumentCheck check = verification.verify(LedgerVerification.document(Files.readString(Path.of(what))));
            System.out.println((check.holds() ? "HOLDS: " : "DOES NOT HOLD: ") + check.message());
            holds = check.holds();
        }
        int exit = holds ? 0 : 1;
        log.info("Verification ended; exiting {}", exit);
        return exit;
    }
}
