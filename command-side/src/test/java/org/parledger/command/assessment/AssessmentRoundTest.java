package org.parledger.command.assessment;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.DeadlineExtended;
import org.parledger.api.assessment.ExtendDeadline;
import org.parledger.api.assessment.RoundScheduled;
import org.parledger.api.assessment.ScheduleRound;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Level;
import org.parledger.command.support.LedgerCommandTargetResolver;

import java.time.Instant;

import static org.parledger.command.support.Refusal.refusal;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.by;

class AssessmentRoundTest {
    private static final Instant FEB = Instant.parse("2025-02-01T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2025-03-01T00:00:00Z");
    private AggregateTestFixture<AssessmentRound> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AssessmentRound.class);
        fixture.registerInjectableResource((org.parledger.command.unit.UnitDirectory) code -> java.util.Optional.empty());
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
    }

    @Test
    void anAdminSchedulesARoundAndExtendsItsDeadlineWithAReason() {
        fixture.givenNoPriorActivity()
                .when(new ScheduleRound(2024, Level.PROVINCE, FEB, by(ADMIN)))
                .expectEvents(new RoundScheduled(2024, Level.PROVINCE, FEB, ADMIN));
        fixture.given(new RoundScheduled(2024, Level.PROVINCE, FEB, ADMIN))
                .when(new ExtendDeadline(2024, Level.PROVINCE, MARCH, "Bão lũ", by(ADMIN)))
                .expectEvents(new DeadlineExtended(2024, Level.PROVINCE, FEB, MARCH, "Bão lũ", ADMIN));
    }

    @Test
    void anExtensionMovesTheDeadlineLaterHasAReasonAndIsAnAdmins() {
        fixture.given(new RoundScheduled(2024, Level.PROVINCE, MARCH, ADMIN))
                .when(new ExtendDeadline(2024, Level.PROVINCE, FEB, "x", by(ADMIN)))
                .expectNoEvents().expectException(refusal(ErrorCode.INVALID_ARGUMENT, "selfAssessmentDeadline"));
        fixture.given(new RoundScheduled(2024, Level.PROVINCE, FEB, ADMIN))
                .when(new ExtendDeadline(2024, Level.PROVINCE, MARCH, " ", by(ADMIN)))
                .expectNoEvents().expectException(refusal(ErrorCode.REASON_REQUIRED, "reason"));
        fixture.given(new RoundScheduled(2024, Level.PROVINCE, FEB, ADMIN))
                .when(new ExtendDeadline(2024, Level.PROVINCE, MARCH, "x", by(new Actor("c", "COUNCIL"))))
                .expectNoEvents().expectException(refusal(ErrorCode.WRONG_ROLE, null));
    }
}
