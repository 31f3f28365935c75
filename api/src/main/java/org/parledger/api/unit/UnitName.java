package org.parledger.api.unit;

import java.time.LocalDate;

/** A name a unit bore from validFrom (null: from its beginning), by a decision (null for the first name). */
public record UnitName(String name, LocalDate validFrom, String decision) {
}
