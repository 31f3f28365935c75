package org.parledger.query.unit;

import org.parledger.api.unit.PredecessorsTakenOver;
import org.parledger.api.unit.RegionAssigned;
import org.parledger.api.unit.UnitCeased;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.api.unit.UnitRenamed;
import org.parledger.query.projection.LedgerEvent;
import org.parledger.query.projection.ProjectionState;
import org.parledger.query.projection.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Units, their names and regions over time, and their lineage. */
final class UnitsState implements ProjectionState {
    final Map<String, UnitRow> units = new HashMap<>();
    private final List<Object[]> newNames = new ArrayList<>();
    private final List<Object[]> newRegions = new ArrayList<>();
    /** Both sides of a merger or division record the link; it is stored once. */
    private final Set<List<Object>> newLinks = new LinkedHashSet<>();
    /** Some unit changed in this batch (the projection sees every event of the ledger). */
    boolean changed;

    static final class UnitRow {
        final String code;
        String name;
        final String level;
        final String parent;
        final LocalDate establishedOn;
        LocalDate ceasedOn;
        boolean changed;

        UnitRow(String code, String name, String level, String parent, LocalDate establishedOn, LocalDate ceasedOn) {
            this.code = code;
            this.name = name;
            this.level = level;
            this.parent = parent;
            this.establishedOn = establishedOn;
            this.ceasedOn = ceasedOn;
        }
    }

    @Override
    public void apply(LedgerEvent event) {
        Object payload = event.payload();
        if (payload instanceof UnitRegistered e) {
            UnitRow row = new UnitRow(e.unit().value(), e.name(), e.level().name(),
                    e.parent() == null ? null : e.parent().value(), e.establishedOn(), null);
            row.changed = true;
            units.put(row.code, row);
            newNames.add(new Object[]{row.code, e.name(), e.establishedOn(), null});
        } else if (payload instanceof UnitRenamed e) {
            UnitRow row = units.get(e.unit().value());
            if (row != null) {
                row.name = e.name();
                row.changed = true;
            }
            newNames.add(new Object[]{e.unit().value(), e.name(), e.effectiveOn(), e.decision()});
        } else if (payload instanceof RegionAssigned e) {
            newRegions.add(new Object[]{event.position(), e.unit().value(), e.region(), e.effectiveOn(), e.reason()});
        } else if (payload instanceof UnitCeased e) {
            UnitRow row = units.get(e.unit().value());
            if (row != null) {
                row.ceasedOn = e.effectiveOn();
                row.changed = true;
            }
            for (UnitCode successor : e.successors()) {
                newLinks.add(List.of(e.unit().value(), successor.value(), e.decision(), e.effectiveOn()));
            }
        } else if (payload instanceof PredecessorsTakenOver e) {
            for (UnitCode predecessor : e.predecessors()) {
                newLinks.add(List.of(predecessor.value(), e.unit().value(), e.decision(), e.effectiveOn()));
            }
        } else {
            return;
        }
        changed = true;
    }

    /** The unit whose rows an event of this projection writes (a lineage link under its successor), or null. */
    static UnitCode changedUnit(Object payload) {
        if (payload instanceof UnitRegistered e) return e.unit();
        if (payload instanceof UnitRenamed e) return e.unit();
        if (payload instanceof RegionAssigned e) return e.unit();
        if (payload instanceof UnitCeased e) return e.unit();
        if (payload instanceof PredecessorsTakenOver e) return e.unit();
        return null;
    }

    /** The unit an event of this projection changes, or null. */
    static String unitOf(Object payload) {
        if (payload instanceof UnitRenamed e) return e.unit().value();
        if (payload instanceof UnitCeased e) return e.unit().value();
        return null;
    }

    @Override
    public void write(Connection connection, String schema) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (UnitRow row : units.values()) {
            if (!row.changed) continue;
            rows.add(new Object[]{row.code, row.name, row.level, row.parent, row.establishedOn, row.ceasedOn});
            row.changed = false;
        }
        Sql.batch(connection, """
                INSERT INTO %s (code, name, level, parent_code, established_on, ceased_on) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, ceased_on = EXCLUDED.ceased_on"""
                .formatted(Sql.table(schema, "rv_unit")), rows);
        Sql.batch(connection, "INSERT INTO %s (unit_code, name, valid_from, decision) VALUES (?, ?, ?, ?)"
                .formatted(Sql.table(schema, "rv_unit_name")), newNames);
        newNames.clear();
        Sql.batch(connection, "INSERT INTO %s (position, unit_code, region, valid_from, reason) VALUES (?, ?, ?, ?, ?)"
                .formatted(Sql.table(schema, "rv_unit_region")), newRegions);
        newRegions.clear();
        Sql.batch(connection, """
                INSERT INTO %s (predecessor_code, successor_code, decision, effective_on) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""".formatted(Sql.table(schema, "rv_unit_lineage")),
                newLinks.stream().map(List::toArray).toList());
        newLinks.clear();
    }
}
