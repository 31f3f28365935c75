package org.parledger.app.config;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * What a GraphQL request must look like before GraphQL can read it, wherever it comes from (a POST's body, a GET's
 * parameters, a graphql-transport-ws subscribe's payload): a non-empty query; an operation name, variables and
 * extensions that are absent, null, or of their type. One rule set, so that the three ways in refuse the same requests
 * in the same words.
 */
final class GraphQlRequestShape {
    private GraphQlRequestShape() {
    }

    /** The part of a request at fault and a sentence that names it. */
    record Fault(String part, String message) {
    }

    /** What is wrong with a request (a JSON object), or null when GraphQL can read it. */
    static Fault fault(JsonNode request) {
        JsonNode query = request.get("query");
        if (query == null || !query.isString() || query.asString().isBlank()) {
            return new Fault("query", "query must be a non-empty string holding the document");
        }
        JsonNode operationName = request.get("operationName");
        if (operationName != null && !operationName.isNull() && !operationName.isString()) {
            return new Fault("operationName", "operationName must be a string");
        }
        for (String part : List.of("variables", "extensions")) {
            JsonNode value = request.get(part);
            if (value != null && !value.isNull() && !value.isObject()) return notAnObject(part);
        }
        return null;
    }

    static Fault notAnObject(String part) {
        return new Fault(part, part + " must be a JSON object");
    }
}
