package org.parledger.query.unit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.common.Inputs;
import org.parledger.api.common.Level;
import org.parledger.api.unit.FindUnit;
import org.parledger.api.unit.FindUnits;
import org.parledger.api.unit.LineageLink;
import org.parledger.api.unit.UnitView;
import org.parledger.api.unit.UnitViews;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

@Controller
class UnitController {
    private final QueryGateway queries;

    UnitController(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    UnitView unit(@Argument String code) {
        return queries.query(new FindUnit(Inputs.unit(code, "code")), ResponseTypes.optionalInstanceOf(UnitView.class)).join().orElse(null);
    }

    @QueryMapping
    List<UnitView> units(@Argument Level level, @Argument Integer year) {
        return queries.query(new FindUnits(level, year), ResponseTypes.instanceOf(UnitViews.class)).join().units();
    }

    @SchemaMapping(typeName = "Unit")
    String code(UnitView unit) {
        return unit.unit().value();
    }

    @SchemaMapping(typeName = "Unit")
    String parentCode(UnitView unit) {
        return unit.parent() == null ? null : unit.parent().value();
    }

    @SchemaMapping(typeName = "LineageLink")
    String code(LineageLink link) {
        return link.unit().value();
    }
}
