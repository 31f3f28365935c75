package org.parledger.api.unit;

import org.parledger.api.common.Actor;

import java.time.LocalDate;

/** A unit was placed in a region from {@code effectiveOn} (null: since it came into being). */
public record RegionAssigned(UnitCode unit, String previousRegion, String region, LocalDate effectiveOn, String reason,
                             Actor actor) {
}
