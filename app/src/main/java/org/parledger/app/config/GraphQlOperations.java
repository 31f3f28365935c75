package org.parledger.app.config;

import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;

import java.util.List;
import java.util.Optional;

/**
 * Which operations of a document a request could run, read before GraphQL runs it (to count a subscription, to keep
 * a query's answer, to refuse a mutation sent over GET). Each caller decides what it needs to be sure of.
 */
final class GraphQlOperations {
    private GraphQlOperations() {
    }

    /**
     * The operations the request names: the one called {@code operationName}, or every operation of the document when
     * it names none (GraphQL runs the only one, and nothing when there are several). Empty when the document does not
     * parse (GraphQL refuses it and runs nothing).
     */
    static Optional<List<OperationDefinition>> candidates(String document, String operationName) {
        try {
            return Optional.of(Parser.parse(document).getDefinitionsOfType(OperationDefinition.class).stream()
                    .filter(operation -> operationName == null || operationName.equals(operation.getName())).toList());
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    /** The one operation that will run, if the document and name leave exactly one. */
    static Optional<OperationDefinition> certain(String document, String operationName) {
        return candidates(document, operationName).filter(operations -> operations.size() == 1).map(operations -> operations.get(0));
    }
}
