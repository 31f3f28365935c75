package org.parledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** PAR Ledger: the command side, the query side and their infrastructure in one process. */
@SpringBootApplication
@org.springframework.boot.context.properties.ConfigurationPropertiesScan("org.parledger")
public class ParLedgerApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("hash-password")) {
            HashPassword.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("new-signing-key")) {
            // For parledger.integrity.signing-key(-file): one key per installation, the same on every node.
            System.out.print(org.parledger.proof.Ed25519.pem(org.parledger.proof.Ed25519.generate().getPrivate()));
            return;
        }
        // A thread that dies of an OutOfMemoryError (or another VirtualMachineError) stops the application, non-zero.
        org.parledger.app.operations.FatalErrors.install();
        // Axon reads this switch from system properties only; no usage data leaves the machine.
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        if (org.parledger.app.integrity.VerifyOnStart.asked(args)) {
            System.exit(org.parledger.app.integrity.VerifyOnStart.run(ParLedgerApplication.class, args));
        }
        SpringApplication application = new SpringApplication(ParLedgerApplication.class);
        if (org.parledger.app.operations.CommandLineRuns.asked(args, "parledger.replay.run")) {
            application.addListeners(org.parledger.app.operations.CommandLineRuns.asATask(java.util.Map.of()));
        }
        application.run(args);
    }
}
