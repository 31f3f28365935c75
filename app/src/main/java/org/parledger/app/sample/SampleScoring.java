package org.parledger.app.sample;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.assessment.RecordAppraisedScore;
import org.parledger.api.assessment.RecordSelfScore;
import org.parledger.api.assessment.RecordSurveyScore;
import org.parledger.api.assessment.SubmitSelfAssessment;
import org.parledger.api.assessment.VerifyAssessment;
import org.parledger.api.common.Grant;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Scores one unit-year through the commands its people send: the round's admin opens it, the unit's assessor
 * self-assesses every evidence leaf and submits, the agencies appraise (a quarter of the leaves adjusted, with a
 * reason), the survey team records the survey leaves and the round's council verifies. The figures are synthetic but
 * deterministic (seeded by unit and year). Shared by the sample data and the benchmarks.
 */
public final class SampleScoring {
    private static final BigDecimal QUARTER = new BigDecimal("0.25");
    private static final Principal SURVEY_TEAM = Principal.system("sample-survey-team", Role.SURVEY);
    private final Consumer<Object> send;

    /** @param send sends one command and waits for its answer */
    public SampleScoring(Consumer<Object> send) {
        this.send = send;
    }

    /**
     * The sample's person acting in a round under a role: nationally ({@code sample-admin}, {@code sample-council}) for
     * the national round (within null), or as the province's (e.g. {@code sample-council-22}, grant {@code COUNCIL:22}).
     */
    public static Principal of(Role role, UnitCode within) {
        String subject = "sample-" + role.name().toLowerCase(java.util.Locale.ROOT);
        return within == null ? Principal.system(subject, role)
                : Principal.system(subject + "-" + within.value(), new Grant(role, within.value()));
    }

    /**
     * Scores one unit-year in its round (national: within null; otherwise the province's admin opens it, its agencies
     * appraise and its council verifies); a year that will be published is also verified.
     */
    public void score(AssessmentId id, IndexSetDefinition set, boolean verify, UnitCode within) {
        Random random = new Random(31L * id.unit().value().hashCode() + id.year());
        double quality = 0.78 + random.nextDouble() * 0.16;
        Principal assessor = Principal.system("sample-assessor-" + id.unit().value(), new Grant(Role.ASSESSOR, id.unit().value()));
        Principal admin = of(Role.ADMIN, within);
        Principal council = of(Role.COUNCIL, within);
        String jurisdiction = within == null ? "" : "@" + within.value();
        send.accept(new OpenAssessment(id, set.code(), admin));
        List<LeafRule> leaves = List.copyOf(set.leafRules().values());
        List<BigDecimal> selfScores = new ArrayList<>();
        for (LeafRule leaf : leaves) {
            if (leaf.source() != ScoringSource.EVIDENCE) continue;
            BigDecimal points = share(leaf.maximum(), quality + 0.06 + random.nextGaussian() * 0.05);
            selfScores.add(points);
            send.accept(new RecordSelfScore(id, leaf.code(), points,
                    new EvidenceReference(random.nextInt(1, 999) + "/QĐ-UBND (mẫu)", "Điều " + random.nextInt(1, 6),
                            String.valueOf(random.nextInt(1, 40)), null),
                    null, assessor));
        }
        send.accept(new SubmitSelfAssessment(id, assessor));
        int evidenceIndex = 0;
        for (LeafRule leaf : leaves) {
            if (leaf.source() != ScoringSource.EVIDENCE) continue;
            BigDecimal self = selfScores.get(evidenceIndex++);
            boolean adjust = random.nextDouble() < 0.25 && self.signum() > 0;
            BigDecimal appraised = adjust ? self.subtract(share(self, 0.1 + random.nextDouble() * 0.3)).max(BigDecimal.ZERO) : self;
            send.accept(new RecordAppraisedScore(id, leaf.code(), appraised,
                    appraised.compareTo(self) == 0 ? null : "Tài liệu kiểm chứng chưa đầy đủ (dữ liệu mẫu)",
                    Principal.system("sample-appraiser-" + leaf.appraisingAgency() + jurisdiction,
                            new Grant(Role.APPRAISER, leaf.appraisingAgency() + jurisdiction))));
        }
        for (LeafRule leaf : leaves) {
            if (leaf.source() != ScoringSource.SURVEY) continue;
            send.accept(new RecordSurveyScore(id, leaf.code(), share(leaf.maximum(), quality + random.nextGaussian() * 0.05),
                    SURVEY_TEAM));
        }
        if (verify) send.accept(new VerifyAssessment(id, council));
    }

    /** A share of a maximum, rounded down to a quarter point, never below 0 nor above the maximum. */
    private static BigDecimal share(BigDecimal maximum, double fraction) {
        double clamped = Math.max(0, Math.min(1, fraction));
        BigDecimal quarters = maximum.multiply(BigDecimal.valueOf(clamped)).divide(QUARTER, 0, RoundingMode.FLOOR);
        return quarters.multiply(QUARTER).min(maximum);
    }

}
