package org.parledger.query.unit;

import org.axonframework.queryhandling.QueryHandler;
import org.parledger.api.common.Level;
import org.parledger.api.unit.FindUnit;
import org.parledger.api.unit.FindUnits;
import org.parledger.api.unit.LineageLink;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitName;
import org.parledger.api.unit.UnitRegion;
import org.parledger.api.unit.UnitView;
import org.parledger.api.unit.UnitViews;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Units with their names, regions and lineage, from the units projection. */
@Component
class UnitQueries {
    private final JdbcClient jdbc;

    UnitQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A unit's own row, before its names, regions and lineage are attached. */
    private record UnitRow(String code, String name, String level, String parent, LocalDate establishedOn,
                           LocalDate ceasedOn) {
    }

    @QueryHandler
    Optional<UnitView> handle(FindUnit query) {
        return views(jdbc.sql("SELECT * FROM rv_unit WHERE code = :code").param("code", query.unit().value())
                .query((rs, n) -> row(rs)).list()).stream().findFirst();
    }

    @QueryHandler
    UnitViews handle(FindUnits query) {
        LocalDate end = query.year() == null ? null : LocalDate.of(query.year(), 12, 31);
        return new UnitViews(views(jdbc.sql("""
                        SELECT * FROM rv_unit WHERE level = :level
                          AND (CAST(:end AS DATE) IS NULL
                               OR ((established_on IS NULL OR established_on <= :end) AND (ceased_on IS NULL OR ceased_on > :end)))
                        ORDER BY code""")
                .param("level", query.level().name()).param("end", end)
                .query((rs, n) -> row(rs)).list()));
    }

    private static UnitRow row(ResultSet rs) throws SQLException {
        return new UnitRow(rs.getString("code"), rs.getString("name"), rs.getString("level"),
                rs.getString("parent_code"), date(rs.getDate("established_on")), date(rs.getDate("ceased_on")));
    }

    /** The units with their names, regions and lineage: four statements whatever the number of units. */
    private List<UnitView> views(List<UnitRow> rows) {
        if (rows.isEmpty()) return List.of();
        List<String> codes = rows.stream().map(UnitRow::code).toList();
        Map<String, List<UnitName>> names = new HashMap<>();
        jdbc.sql("""
                        SELECT unit_code, name, valid_from, decision FROM rv_unit_name WHERE unit_code IN (:codes)
                        ORDER BY unit_code, valid_from NULLS FIRST""")
                .param("codes", codes)
                .query(r -> {
                    names.computeIfAbsent(r.getString("unit_code"), k -> new ArrayList<>()).add(new UnitName(
                            r.getString("name"), date(r.getDate("valid_from")), r.getString("decision")));
                });
        Map<String, List<UnitRegion>> regions = new HashMap<>();
        jdbc.sql("""
                        SELECT unit_code, region, valid_from, reason FROM rv_unit_region WHERE unit_code IN (:codes)
                        ORDER BY unit_code, valid_from NULLS FIRST, position""")
                .param("codes", codes)
                .query(r -> {
                    regions.computeIfAbsent(r.getString("unit_code"), k -> new ArrayList<>()).add(new UnitRegion(
                            r.getString("region"), date(r.getDate("valid_from")), r.getString("reason")));
                });
        Map<String, List<LineageLink>> predecessors = links(codes, "successor_code", "predecessor_code");
        Map<String, List<LineageLink>> successors = links(codes, "predecessor_code", "successor_code");
        return rows.stream().map(u -> new UnitView(new UnitCode(u.code()), u.name(), Level.valueOf(u.level()),
                u.parent() == null ? null : new UnitCode(u.parent()), u.establishedOn(), u.ceasedOn(),
                names.getOrDefault(u.code(), List.of()), regions.getOrDefault(u.code(), List.of()),
                predecessors.getOrDefault(u.code(), List.of()), successors.getOrDefault(u.code(), List.of())))
                .toList();
    }

    /** For each of the units (on the {@code self} side of a link): the units on the other side. */
    private Map<String, List<LineageLink>> links(List<String> codes, String self, String other) {
        Map<String, List<LineageLink>> links = new HashMap<>();
        jdbc.sql("""
                        SELECT l.%1$s AS self, l.%2$s AS unit, u.name, l.effective_on, l.decision
                        FROM rv_unit_lineage l JOIN rv_unit u ON u.code = l.%2$s
                        WHERE l.%1$s IN (:codes) ORDER BY l.%1$s, l.effective_on, l.%2$s""".formatted(self, other))
                .param("codes", codes)
                .query(r -> {
                    links.computeIfAbsent(r.getString("self"), k -> new ArrayList<>()).add(new LineageLink(
                            new UnitCode(r.getString("unit")), r.getString("name"), date(r.getDate("effective_on")),
                            r.getString("decision")));
                });
        return links;
    }

    private static LocalDate date(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
