package org.parledger.command.assessment;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The assessment registry's second follower, on Axon Server only. There a command's events are stored by Axon Server
 * first and the registry's rows committed to PostgreSQL after, so a node killed between the two leaves the registry
 * without a change the ledger holds (by hand: 2 of 1,080 assessments opened under load were missing after one
 * SIGKILL, and publication would have left them out). This follower is a streaming processor whose token is committed
 * with what it writes: it follows the ledger a moment behind the registry's own, and after a restart applies whatever
 * that one lost. Applying an event the registry already holds changes nothing (inserts are idempotent, stages only
 * move forward). On PostgreSQL's ledger the rows commit with the events and it is not needed.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
@ProcessingGroup(AssessmentRegistryCatchUp.PROCESSING_GROUP)
public class AssessmentRegistryCatchUp {
    public static final String PROCESSING_GROUP = "command-assessment-registry-catch-up";

    private final AssessmentRegistry registry;

    /** Public, with the handlers, so that a test can declare it on PostgreSQL's ledger and hand it an event late. */
    public AssessmentRegistryCatchUp(AssessmentRegistry registry) {
        this.registry = registry;
    }

    @EventHandler
    public void on(AssessmentOpened event) {
        registry.on(event);
    }

    @EventHandler
    public void on(SelfAssessmentSubmitted event) {
        registry.on(event);
    }

    @EventHandler
    public void on(AssessmentVerified event) {
        registry.on(event);
    }

    @EventHandler
    public void on(AssessmentPublished event) {
        registry.on(event);
    }
}
