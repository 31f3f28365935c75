package org.parledger.query.unit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.parledger.api.unit.PredecessorsTakenOver;
import org.parledger.api.unit.UnitCeased;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.api.unit.UnitRenamed;
import org.parledger.query.support.ReadModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;

/** Units, their names over time and their lineage. */
@Component
@ProcessingGroup(ReadModel.PROCESSING_GROUP)
class UnitProjection {
    private final JdbcClient jdbc;

    UnitProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UnitRegistered event) {
        jdbc.sql("""
                        INSERT INTO rv_unit (code, name, level, parent_code, established_on)
                        VALUES (:code, :name, :level, :parent, :established)""")
                .param("code", event.unit().value())
                .param("name", event.name())
                .param("level", event.level().name())
                .param("parent", event.parent() == null ? null : event.parent().value())
                .param("established", event.establishedOn())
                .update();
        name(event.unit(), event.name(), event.establishedOn(), null);
    }

    @EventHandler
    void on(UnitRenamed event) {
        jdbc.sql("UPDATE rv_unit SET name = :name WHERE code = :code")
                .param("name", event.name()).param("code", event.unit().value()).update();
        name(event.unit(), event.name(), event.effectiveOn(), event.decision());
    }

    @EventHandler
    void on(UnitCeased event) {
        jdbc.sql("UPDATE rv_unit SET ceased_on = :on WHERE code = :code")
                .param("on", event.effectiveOn()).param("code", event.unit().value()).update();
        for (UnitCode successor : event.successors()) {
            link(event.unit(), successor, event.decision(), event.effectiveOn());
        }
    }

    @EventHandler
    void on(PredecessorsTakenOver event) {
        for (UnitCode predecessor : event.predecessors()) {
            link(predecessor, event.unit(), event.decision(), event.effectiveOn());
        }
    }

    private void name(UnitCode unit, String name, LocalDate from, String decision) {
        jdbc.sql("INSERT INTO rv_unit_name (unit_code, name, valid_from, decision) VALUES (:unit, :name, :from, :decision)")
                .param("unit", unit.value()).param("name", name).param("from", from).param("decision", decision)
                .update();
    }

    /** Both sides of a merger or division record the link; it is stored once. */
    private void link(UnitCode predecessor, UnitCode successor, String decision, LocalDate effectiveOn) {
        jdbc.sql("""
                        INSERT INTO rv_unit_lineage (predecessor_code, successor_code, decision, effective_on)
                        VALUES (:predecessor, :successor, :decision, :on) ON CONFLICT DO NOTHING""")
                .param("predecessor", predecessor.value()).param("successor", successor.value())
                .param("decision", decision).param("on", effectiveOn)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rv_unit, rv_unit_name, rv_unit_lineage").update();
    }
}
