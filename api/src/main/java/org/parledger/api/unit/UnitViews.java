package org.parledger.api.unit;

import java.util.List;

/**
 * The answer to {@link FindUnits}: a record rather than a bare list, so that it keeps its element type when it
 * travels between nodes (through Axon Server) as JSON.
 */
public record UnitViews(List<UnitView> units) {
    public UnitViews {
        units = List.copyOf(units);
    }
}
