package org.parledger.query.unit;

import org.parledger.api.StreamIds;
import org.parledger.api.unit.UnitCode;
import org.parledger.query.projection.BatchProjection;
import org.parledger.query.projection.LedgerEvent;
import org.parledger.query.projection.Sql;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Units with their names and regions over time and lineage: what unit queries and rankings read. */
@Order(2)
@Component
public class UnitsProjection extends BatchProjection<UnitsState> {
    public static final String NAME = "units";
    public static final String PROCESSING_GROUP = "units-v1";

    UnitsProjection() {
        super(NAME, PROCESSING_GROUP, List.of("rv_unit", "rv_unit_name", "rv_unit_region", "rv_unit_lineage"));
    }

    @Override
    public UnitsState empty() {
        return new UnitsState();
    }

    @Override
    public UnitsState loadTouched(Connection connection, String schema, List<LedgerEvent> batch) throws SQLException {
        Set<String> touched = new HashSet<>();
        for (LedgerEvent event : batch) {
            String unit = UnitsState.unitOf(event.payload());
            if (unit != null) touched.add(unit);
        }
        UnitsState state = empty();
        if (!touched.isEmpty()) load(connection, schema, state, "code = ANY(?::text[])", Sql.textArray(connection, touched));
        return state;
    }

    /** Every event of a unit, from its own stream or a reorganisation's, is projected by one segment in ledger order. */
    @Override
    public String sequenceOf(Object payload) {
        UnitCode unit = UnitsState.changedUnit(payload);
        return unit == null ? null : StreamIds.unit(unit);
    }

    @Override
    public UnitsState loadAll(Connection connection, String schema) throws SQLException {
        UnitsState state = empty();
        load(connection, schema, state, "TRUE");
        return state;
    }

    private static void load(Connection connection, String schema, UnitsState state, String where, Object... parameters)
            throws SQLException {
        Sql.query(connection, "SELECT code, name, level, parent_code, established_on, ceased_on FROM %s WHERE %s"
                .formatted(Sql.table(schema, "rv_unit"), where), parameters, rs ->
                state.units.put(rs.getString(1), new UnitsState.UnitRow(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getObject(5, LocalDate.class),
                        rs.getObject(6, LocalDate.class))));
    }
}
