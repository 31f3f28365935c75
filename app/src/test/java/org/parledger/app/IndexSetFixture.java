package org.parledger.app;

import tools.jackson.databind.JsonNode;

import java.util.Map;

/** Defines the integration tests' index set unless the shared ledger already has it. */
final class IndexSetFixture {
    private IndexSetFixture() {
    }

    static void defineOnce(GraphQlClient graphql) {
        JsonNode answer = graphql.as("admin-it", "ADMIN")
                .execute(TestDocuments.DEFINE_INDEX_SET, Map.of("document", TestDocuments.INDEX_SET));
        JsonNode errors = answer.get("errors");
        if (errors != null && !"ALREADY_EXISTS".equals(errors.at("/0/extensions/code").asString())) {
            throw new AssertionError("defining the test index set failed: " + errors);
        }
    }
}
