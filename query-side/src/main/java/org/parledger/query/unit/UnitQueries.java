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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

@Component
class UnitQueries {
    private final JdbcClient jdbc;

    UnitQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<UnitView> handle(FindUnit query) {
        return jdbc.sql("SELECT * FROM rv_unit WHERE code = :code").param("code", query.unit().value())
                .query((rs, n) -> view(rs)).optional();
    }

    @QueryHandler
    List<UnitView> handle(FindUnits query) {
        LocalDate end = query.year() == null ? null : LocalDate.of(query.year(), 12, 31);
        return jdbc.sql("""
                        SELECT * FROM rv_unit WHERE level = :level
                          AND (CAST(:end AS DATE) IS NULL
                               OR ((established_on IS NULL OR established_on <= :end) AND (ceased_on IS NULL OR ceased_on > :end)))
                        ORDER BY code""")
                .param("level", query.level().name()).param("end", end)
                .query((rs, n) -> view(rs)).list();
    }

    private UnitView view(ResultSet rs) throws SQLException {
        String code = rs.getString("code");
        String parent = rs.getString("parent_code");
        List<UnitName> names = jdbc.sql("""
                        SELECT name, valid_from, decision FROM rv_unit_name WHERE unit_code = :code
                        ORDER BY valid_from NULLS FIRST""")
                .param("code", code)
                .query((r, n) -> new UnitName(r.getString("name"), date(r.getDate("valid_from")), r.getString("decision")))
                .list();
        List<UnitRegion> regions = jdbc.sql("""
                        SELECT region, valid_from, reason FROM rv_unit_region WHERE unit_code = :code
                        ORDER BY valid_from NULLS FIRST, position""")
                .param("code", code)
                .query((r, n) -> new UnitRegion(r.getString("region"), date(r.getDate("valid_from")),
                        r.getString("reason")))
                .list();
        return new UnitView(new UnitCode(code), rs.getString("name"), Level.valueOf(rs.getString("level")),
                parent == null ? null : new UnitCode(parent), date(rs.getDate("established_on")),
                date(rs.getDate("ceased_on")), names, regions, links(code, "successor_code", "predecessor_code"),
                links(code, "predecessor_code", "successor_code"));
    }

    /** The units on the other side of this unit's lineage links. */
    private List<LineageLink> links(String code, String self, String other) {
        return jdbc.sql("""
                        SELECT l.%2$s AS unit, u.name, l.effective_on, l.decision
                        FROM rv_unit_lineage l JOIN rv_unit u ON u.code = l.%2$s
                        WHERE l.%1$s = :code ORDER BY l.effective_on, l.%2$s""".formatted(self, other))
                .param("code", code)
                .query((r, n) -> new LineageLink(new UnitCode(r.getString("unit")), r.getString("name"),
                        date(r.getDate("effective_on")), r.getString("decision")))
                .list();
    }

    private static LocalDate date(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
