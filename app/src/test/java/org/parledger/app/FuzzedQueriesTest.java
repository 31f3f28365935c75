package org.parledger.app;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.execution.GraphQlSource;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query of the schema, its arguments given from a seeded random what hostile clients send (explicit nulls, values
 * of the wrong type, huge numbers, control characters, impossible dates, unknown enum values), as an admin: each
 * answers data or errors with a stable code, never INTERNAL_ERROR. Found by hand with such a run (twenty-third
 * session): an explicit null for an argument with a default (`parkedEvents(first: null)`, a ranking's `page(first:
 * null)`, the audit trail's) reached a Java int, and a checkpoint document that was JSON null or named a key that is
 * not one reached the verifier, each INTERNAL_ERROR. Mutations have {@link FuzzedInputTest}. A long run:
 * {@code ./mvnw -pl app verify -Dtest=FuzzedQueriesTest -Dparledger.fuzz.tries=20000 -Dparledger.fuzz.seed=$RANDOM -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@LedgerIntegrationTest
class FuzzedQueriesTest {
    private static final int TRIES = Integer.getInteger("parledger.fuzz.tries", 600);
    private static final Object[] TEXTS = {"", " ", "\u0000", "\u0007", "\u202Ecba", "\uD800", "1.1", "SNV", "22", "2025", "-1",
            "null", "'; SELECT pg_sleep(5);--", "../../etc/passwd", "ầ".repeat(5000), "9".repeat(400), "1e309", "NaN",
            "2025-02-30T00:00:00Z", "+99999-01-01T00:00:00Z", "2025-12-31T25:61:00Z", "2025-06-01T00:00:00Z", "{}", "[]",
            "{\"rootHash\": \"00\", \"publicKey\": \"QUJD\", \"signature\": \"AA==\"}"};
    private static final Object[] NUMBERS = {0, -1, 1, 2025, 2024, Integer.MAX_VALUE, Integer.MIN_VALUE, 2147483648L,
            new BigDecimal("1E+30"), 1.5, -0.0, "2025", "x", true};
    @LocalServerPort
    int port;
    @Autowired
    GraphQlSource graphQl;

    @Test
    void everyArgumentWithADefaultIsNonNull() {
        // A default says what the argument is when left out; an explicit null then has no meaning, and reached Java
        // ints as INTERNAL_ERROR. Non-null with a default: left out, the default; null, INVALID_ARGUMENT.
        List<String> nullable = new ArrayList<>();
        GraphQLSchema schema = graphQl.schema();
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            if (!(type instanceof GraphQLFieldsContainer fields) || type.getName().startsWith("__")) continue;
            for (GraphQLFieldDefinition field : fields.getFieldDefinitions()) {
                for (GraphQLArgument argument : field.getArguments()) {
                    if (argument.hasSetDefaultValue() && !(argument.getType() instanceof GraphQLNonNull)) {
                        nullable.add(type.getName() + "." + field.getName() + "(" + argument.getName() + ")");
                    }
                }
            }
        }
        assertThat(nullable).isEmpty();
    }

    @Test
    void whatTheHandRunFoundIsRefusedAsInvalidArguments() {
        GraphQlClient admin = GraphQlClient.admin(port);
        Map<String, Object> none = new HashMap<>();
        none.put("n", null);
        for (String query : List.of("query($n: Int) { parkedEvents(first: $n) { eventId } }",
                "query($n: ScoreStage) { rankings(year: 2025, level: PROVINCE, stage: $n) { year } }",
                "query($n: Int) { rankings(year: 2025, level: PROVINCE) { page(first: $n) { totalCount } } }",
                "query($n: Int) { auditTrail(first: $n) { pageInfo { hasNextPage } } }",
                "query($n: ProvenStage) { figureProof(unit: \"X\", year: 2025, stage: $n) }")) {
            assertThat(admin.error(query, none).at("/extensions/code").asString()).as(query).isEqualTo("INVALID_ARGUMENT");
        }
        for (String document : List.of("null", "{\"rootHash\": \"00\", \"publicKey\": \"QUJD\", \"signature\": \"AA==\"}")) {
            JsonNode error = admin.error("query($d: String!) { verifyCheckpoint(document: $d) { holds } }", Map.of("d", document));
            assertThat(error.at("/extensions/code").asString()).as(document).isEqualTo("INVALID_ARGUMENT");
            assertThat(error.at("/extensions/field").asString()).as(document).isEqualTo("document");
        }
    }

    @Test
    void everyQueryAnswersDataOrAStableCode() {
        long seed = Long.getLong("parledger.fuzz.seed", 20261204L);
        Random random = new Random(seed);
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        List<GraphQLFieldDefinition> queries = graphQl.schema().getQueryType().getFieldDefinitions();
        int answered = 0;
        for (int i = 0; i < TRIES; i++) {
            GraphQLFieldDefinition query = queries.get(random.nextInt(queries.size()));
            Map<String, Object> variables = new HashMap<>();
            List<String> declared = new ArrayList<>();
            List<String> passed = new ArrayList<>();
            for (GraphQLArgument argument : query.getArguments()) {
                if (!(argument.getType() instanceof GraphQLNonNull) && random.nextInt(3) == 0) continue;
                variables.put(argument.getName(), value(argument.getType(), random, 0));
                declared.add("$" + argument.getName() + ": " + GraphQLTypeUtil.simplePrint(argument.getType()));
                passed.add(argument.getName() + ": $" + argument.getName());
            }
            String document = "query Fuzzed" + (declared.isEmpty() ? "" : "(" + String.join(", ", declared) + ")") + " { "
                    + query.getName() + (passed.isEmpty() ? "" : "(" + String.join(", ", passed) + ")") + " "
                    + selection(query.getType(), 0) + " }";
            JsonNode answer = admin.execute(document, variables);
            for (JsonNode error : answer.path("errors")) {
                String code = error.at("/extensions/code").asString(null);
                assertThat(code).as("seed %d: %s with %s: %s", seed, document, variables, error).isNotNull().isIn(FuzzedInputTest.CODES)
                        .isNotEqualTo(ErrorCode.INTERNAL_ERROR.name());
            }
            if (!answer.has("errors")) answered++;
        }
        assertThat(answered).as("some queries are answerable").isPositive();
    }

    private static Object value(GraphQLInputType type, Random random, int depth) {
        if (type instanceof GraphQLNonNull nonNull) {
            return random.nextInt(20) == 0 ? null : value((GraphQLInputType) nonNull.getWrappedType(), random, depth);
        }
        if (random.nextInt(4) == 0) return null;
        if (type instanceof GraphQLList list) {
            List<Object> items = new ArrayList<>();
            for (int n = depth < 2 ? random.nextInt(4) : 0; n > 0; n--) {
                items.add(value((GraphQLInputType) list.getWrappedType(), random, depth + 1));
            }
            return items;
        }
        if (type instanceof GraphQLInputObjectType object) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                if (depth < 3 && random.nextInt(5) > 0) fields.put(field.getName(), value(field.getType(), random, depth + 1));
            }
            return fields;
        }
        if (type instanceof GraphQLEnumType enumeration) {
            List<GraphQLEnumValueDefinition> values = enumeration.getValues();
            return random.nextInt(8) == 0 ? "NOT_A_VALUE" : values.get(random.nextInt(values.size())).getName();
        }
        String scalar = ((GraphQLNamedType) type).getName();
        return switch (scalar) {
            case "Int", "Float" -> NUMBERS[random.nextInt(NUMBERS.length)];
            case "Boolean" -> random.nextInt(4) == 0 ? "true" : random.nextBoolean();
            default -> random.nextInt(6) == 0 ? NUMBERS[random.nextInt(NUMBERS.length)] : TEXTS[random.nextInt(TEXTS.length)];
        };
    }

    /** The type's fields that need no arguments, one level of objects deep; __typename where there are none. */
    private static String selection(GraphQLOutputType type, int depth) {
        GraphQLType named = GraphQLTypeUtil.unwrapAll(type);
        if (!(named instanceof GraphQLFieldsContainer fields)) return "";
        List<String> parts = new ArrayList<>();
        for (GraphQLFieldDefinition field : fields.getFieldDefinitions()) {
            if (field.getArguments().stream().anyMatch(a -> a.getType() instanceof GraphQLNonNull && !a.hasSetDefaultValue())) continue;
            GraphQLType fieldType = GraphQLTypeUtil.unwrapAll(field.getType());
            if (!(fieldType instanceof GraphQLFieldsContainer)) parts.add(field.getName());
            else if (depth < 1) parts.add(field.getName() + " " + selection(field.getType(), depth + 1));
        }
        return "{ " + (parts.isEmpty() ? "__typename" : String.join(" ", parts)) + " }";
    }
}
