package org.parledger.api.assessment;

import org.parledger.api.common.Years;
import org.parledger.api.unit.UnitCode;

/** One unit's assessment for one year: the unit of consistency for scoring. */
public record AssessmentId(UnitCode unit, int year) {
    public AssessmentId {
        if (unit == null) throw new IllegalArgumentException("unit is required");
        if (year < Years.FIRST || year > Years.LAST) {
            throw new IllegalArgumentException("a year from " + Years.FIRST + " to " + Years.LAST + ", not " + year);
        }
    }

    @Override
    public String toString() {
        return unit.value() + "/" + year;
    }
}
