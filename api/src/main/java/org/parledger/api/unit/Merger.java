package org.parledger.api.unit;

import java.util.List;

/**
 * Units merged into a successor (sáp nhập). The successor may be one of the merging units that continues
 * under its code (Hải Phòng absorbing Hải Dương) or a newly registered unit; it is not listed among the
 * predecessors.
 */
public record Merger(UnitCode successor, List<UnitCode> predecessors) {
    public Merger {
        predecessors = predecessors == null ? List.of() : List.copyOf(predecessors);
    }
}
