package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.math.BigDecimal;
import java.util.List;

/**
 * Several leaves of a unit-year's self-assessment in one change: every score is recorded, or (one refused) none.
 * One {@link SelfScoreRecorded} per leaf, as if each had been sent alone.
 */
public record RecordSelfScores(AssessmentId assessment, List<Leaf> leaves, Principal principal)
        implements AssessmentCommand, LedgerCommand {
    /** The most leaves one change takes: a set has about 130. */
    public static final int MAX_LEAVES = 500;

    public RecordSelfScores {
        leaves = leaves == null ? List.of() : List.copyOf(leaves);
    }

    public record Leaf(String criterion, BigDecimal points, EvidenceReference evidence, String explanation) {
    }
}
