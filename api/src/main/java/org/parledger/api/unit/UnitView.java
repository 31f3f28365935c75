package org.parledger.api.unit;

import org.parledger.api.common.Level;

import java.time.LocalDate;
import java.util.List;

/** A unit as it stands, with its names and regions over time, its predecessors and its successors. */
public record UnitView(UnitCode unit, String name, Level level, UnitCode parent, LocalDate establishedOn,
                       LocalDate ceasedOn, List<UnitName> names, List<UnitRegion> regions,
                       List<LineageLink> predecessors, List<LineageLink> successors) {
    public UnitView {
        names = List.copyOf(names);
        regions = List.copyOf(regions);
        predecessors = List.copyOf(predecessors);
        successors = List.copyOf(successors);
    }
}
