package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;

/**
 * A unit-year assessment was opened under an index set, in a round: within a province (its code) when the unit is
 * one of the province's departments, districts or communes at the end of the year; null for a national round
 * (provinces, ministries, and events recorded before rounds had scopes).
 */
public record AssessmentOpened(AssessmentId assessment, Level level, IndexSetCode indexSet, Actor actor, UnitCode within) {
    public AssessmentOpened(AssessmentId assessment, Level level, IndexSetCode indexSet, Actor actor) {
        this(assessment, level, indexSet, actor, null);
    }
}
