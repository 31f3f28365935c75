package org.parledger.api.unit;

import java.time.LocalDate;

/** A region a unit was placed in from validFrom (null: from its beginning), and why. */
public record UnitRegion(String region, LocalDate validFrom, String reason) {
}
