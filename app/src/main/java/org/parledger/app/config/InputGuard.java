package org.parledger.app.config;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirectiveContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLType;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Texts;
import org.parledger.api.common.Years;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every text a client sends, checked before any field runs: each String or ID argument, and each text field of an
 * input object at any depth, is NFC-normalised and trimmed, and refused with INVALID_ARGUMENT naming it (e.g.
 * {@code input.evidence.documentNumber}, {@code results[3].unit}) when it is longer than its {@code @maxLength}
 * (200 characters where the schema writes none) or holds a character that prints as nothing or as something else
 * (see {@link Texts}). A list longer than its {@code @maxItems} (1,000 where none) is refused the same way. Years
 * ({@code year}, {@code input.year}) are refused outside {@link Years}. The field then sees
 * the normalised values.
 */
public final class InputGuard extends SimplePerformantInstrumentation {
    static final int DEFAULT_MAX_LENGTH = 200;
    static final int DEFAULT_MAX_ITEMS = 1_000;

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (parameters.getExecutionStepInfo().getFieldDefinition().getArguments().isEmpty()) return dataFetcher;
        return environment -> {
            Map<String, Object> cleaned = new LinkedHashMap<>();
            for (GraphQLArgument argument : environment.getFieldDefinition().getArguments()) {
                if (!environment.containsArgument(argument.getName())) continue;
                cleaned.put(argument.getName(), clean(environment.getArgument(argument.getName()), argument.getType(),
                        argument, argument.getName()));
            }
            DataFetchingEnvironment checked = DataFetchingEnvironmentImpl.newDataFetchingEnvironment(environment)
                    .arguments(cleaned).build();
            return dataFetcher.get(checked);
        };
    }

    private static Object clean(Object value, GraphQLType type, GraphQLDirectiveContainer limits, String path) {
        if (value == null) return null;
        GraphQLType unwrapped = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        if (unwrapped instanceof GraphQLList list && value instanceof List<?> items) {
            GraphQLAppliedDirective maxItems = limits.getAppliedDirective("maxItems");
            int max = maxItems == null ? DEFAULT_MAX_ITEMS : maxItems.getArgument("n").getValue();
            if (items.size() > max) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, path, path + ": at most " + max + " items, not " + items.size());
            }
            List<Object> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) out.add(clean(items.get(i), list.getWrappedType(), limits, path + "[" + i + "]"));
            return out;
        }
        if (unwrapped instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : fields.entrySet()) {
                GraphQLInputObjectField field = object.getField(entry.getKey().toString());
                out.put(entry.getKey().toString(), field == null ? entry.getValue()
                        : clean(entry.getValue(), field.getType(), field, path + "." + entry.getKey()));
            }
            return out;
        }
        if (value instanceof Integer year && (path.equals("year") || path.endsWith(".year"))) {
            if (year < Years.FIRST || year > Years.LAST) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, path, path + ": a year from " + Years.FIRST + " to "
                        + Years.LAST + ", not " + year);
            }
            return value;
        }
        if (value instanceof String text) {
            GraphQLAppliedDirective maxLength = limits.getAppliedDirective("maxLength");
            int max = maxLength == null ? DEFAULT_MAX_LENGTH : maxLength.getArgument("n").getValue();
            boolean multiline = maxLength != null && Boolean.TRUE.equals(maxLength.getArgument("multiline").getValue());
            try {
                return Texts.normalise(text, max, multiline);
            } catch (IllegalArgumentException e) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, path, path + ": " + e.getMessage());
            }
        }
        return value;
    }

}
