package org.parledger.query.indexset;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.common.Inputs;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.FindIndexSet;
import org.parledger.api.indexset.FindIndexSets;
import org.parledger.api.indexset.IndexSetView;
import org.parledger.api.indexset.IndexSetViews;
import org.parledger.api.indexset.LeafRule;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/** The index sets (Bộ chỉ số) with their trees, agencies, bands and correction history. */
@Controller
class IndexSetController {
    private final QueryGateway queries;

    IndexSetController(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    List<IndexSetView> indexSets(@Argument Level level) {
        return queries.query(new FindIndexSets(level), ResponseTypes.instanceOf(IndexSetViews.class)).join().indexSets();
    }

    @QueryMapping
    IndexSetView indexSet(@Argument String code) {
        return queries.query(new FindIndexSet(Inputs.indexSet(code, "code")), ResponseTypes.optionalInstanceOf(IndexSetView.class))
                .join().orElse(null);
    }

    @SchemaMapping(typeName = "IndexSet")
    String code(IndexSetView view) {
        return view.rules().code().value();
    }

    @SchemaMapping(typeName = "IndexSet")
    List<LeafRule> leaves(IndexSetView view) {
        return List.copyOf(view.rules().leafRules().values());
    }

    @SchemaMapping(typeName = "IndexSetRules")
    String within(org.parledger.api.indexset.IndexSetDefinition rules) {
        return rules.within() == null ? null : rules.within().value();
    }
}
