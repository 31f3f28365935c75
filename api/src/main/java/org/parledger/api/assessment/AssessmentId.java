package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;

/** One unit's assessment for one year: the unit of consistency for scoring. */
public record AssessmentId(UnitCode unit, int year) {
    public AssessmentId {
        if (unit == null) throw new IllegalArgumentException("unit is required");
        if (year < 2000 || year > 2100) throw new IllegalArgumentException("year out of range: " + year);
    }

    @Override
    public String toString() {
        return unit.value() + "/" + year;
    }
}
