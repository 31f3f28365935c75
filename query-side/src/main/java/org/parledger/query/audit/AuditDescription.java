package org.parledger.query.audit;

import org.parledger.api.assessment.AppraisalContested;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.assessment.CriterionMarkedApplicable;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.DeadlineExtended;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.indexset.IndexSetCorrected;
import org.parledger.api.unit.UnitCeased;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.RegionAssigned;
import org.parledger.api.unit.UnitRenamed;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How an event reads in the audit trail. Who, which unit-year and which leaf are read from the event's own
 * components (every event names its actor); the old and new values, reason and evidence per kind of event.
 */
record AuditDescription(String kind, String unitCode, Integer year, String criterion, Actor actor, String oldValue,
                        String newValue, String reason, String evidence, String evidenceFiles) {
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    /** What is read from each kind of event's components, worked out once per kind: a replay reads millions. */
    private record Shape(String kind, Method assessment, Method unit, Method criterion, Method actor) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(CAMEL.matcher(type.getSimpleName()).replaceAll("_").toUpperCase(Locale.ROOT),
                    accessor(type, "assessment", AssessmentId.class), accessor(type, "unit", UnitCode.class),
                    accessor(type, "criterion", String.class), accessor(type, "actor", Actor.class));
        }
    };

    static AuditDescription of(Object event) {
        Shape shape = SHAPES.get(event.getClass());
        AssessmentId assessment = (AssessmentId) read(shape.assessment(), event);
        UnitCode unit = assessment != null ? assessment.unit() : (UnitCode) read(shape.unit(), event);
        String[] values = values(event);
        return new AuditDescription(shape.kind(), unit == null ? null : unit.value(),
                assessment == null ? null : assessment.year(), (String) read(shape.criterion(), event),
                (Actor) read(shape.actor(), event), values[0], values[1], values[2],
                event instanceof SelfScoreRecorded s ? evidence(s.evidence()) : null,
                event instanceof SelfScoreRecorded s && s.evidence() != null ? EvidenceFiles.encode(s.evidence().files()) : null);
    }

    /** Old value, new value and reason. */
    private static String[] values(Object event) {
        if (event instanceof SelfScoreRecorded e) return of(e.previousPoints(), e.points(), e.explanation());
        if (event instanceof AppraisedScoreRecorded e) {
            return of(e.previousPoints() != null ? e.previousPoints() : e.selfAssessedPoints(), e.points(), e.reason());
        }
        if (event instanceof SurveyScoreRecorded e) return of(e.previousPoints(), e.points(), null);
        if (event instanceof ContestDecided e) return of(e.previousPoints(), e.points(), e.reason());
        if (event instanceof PublishedScoreCorrected e) {
            return of(e.previous(), e.corrected(), e.reason() + " (" + e.reference() + ")");
        }
        if (event instanceof DeductionRecorded e) return of(null, e.points(), e.reason());
        if (event instanceof AppraisalContested e) return of(e.appraisedPoints(), null, e.explanation());
        if (event instanceof CriterionMarkedNotApplicable e) return new String[]{"applicable", "not applicable", e.reason()};
        if (event instanceof CriterionMarkedApplicable e) return new String[]{"not applicable", "applicable", e.reason()};
        if (event instanceof SelfAssessmentSubmitted e) return of(null, e.selfAssessedPoints(), null);
        if (event instanceof PreliminaryResultsSent e) return of(null, e.appraisedPoints(), null);
        if (event instanceof AssessmentVerified e) return of(null, e.points(), null);
        if (event instanceof AssessmentPublished e) {
            return new String[]{null, "rank " + e.rank() + "/" + e.rankedUnits() + ", index " + e.index().toPlainString(),
                    e.decision()};
        }
        if (event instanceof UnitRenamed e) return new String[]{e.previousName(), e.name(), e.decision()};
        if (event instanceof RegionAssigned e) return new String[]{e.previousRegion(), e.region(), e.reason()};
        if (event instanceof UnitCeased e) {
            return new String[]{null, e.successors().stream().map(UnitCode::value).collect(Collectors.joining(", ")),
                    e.decision()};
        }
        if (event instanceof DeadlineExtended e) {
            return new String[]{e.previousDeadline().toString(), e.selfAssessmentDeadline().toString(), e.reason()};
        }
        if (event instanceof IndexSetCorrected e) return new String[]{null, null, e.reason() + " (" + e.reference() + ")"};
        return new String[]{null, null, null};
    }

    private static String[] of(BigDecimal old, BigDecimal now, String reason) {
        return new String[]{old == null ? null : old.toPlainString(), now == null ? null : now.toPlainString(), reason};
    }

    private static String evidence(EvidenceReference e) {
        if (e == null) return null;
        String text = Stream.of(e.documentNumber(), e.section() == null ? null : "mục " + e.section(),
                        e.page() == null ? null : "trang " + e.page(), e.link(), e.files().isEmpty() ? null
                                : "tệp: " + e.files().stream().map(f -> f.name()).collect(Collectors.joining("; ")))
                .filter(Objects::nonNull).collect(Collectors.joining(", "));
        return text.isEmpty() ? null : text;
    }

    private static Method accessor(Class<?> type, String name, Class<?> expected) {
        if (!type.isRecord()) return null;
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(name) && expected.isAssignableFrom(component.getType())) {
                return component.getAccessor();
            }
        }
        return null;
    }

    private static Object read(Method accessor, Object event) {
        if (accessor == null) return null;
        try {
            return accessor.invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + accessor.getName() + " of " + event.getClass().getName(), e);
        }
    }
}
