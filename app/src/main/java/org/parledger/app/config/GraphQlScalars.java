package org.parledger.app.config;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/** The Decimal, Date and DateTime scalars of the shared contract schema. */
@Configuration(proxyBeanMethods = false)
public class GraphQlScalars {

    @Bean
    RuntimeWiringConfigurer ledgerScalars() {
        return wiring -> wiring.scalar(decimal()).scalar(date()).scalar(dateTime());
    }

    static GraphQLScalarType decimal() {
        return GraphQLScalarType.newScalar().name("Decimal").description("An exact decimal number")
                .coercing(new Coercing<BigDecimal, BigDecimal>() {
                    @Override
                    public BigDecimal serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof BigDecimal d) return d;
                        if (value instanceof Number n) return new BigDecimal(n.toString());
                        throw new CoercingSerializeException("not a decimal: " + value);
                    }

                    @Override
                    public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
                        try {
                            if (input instanceof Number || input instanceof String) return new BigDecimal(input.toString().strip());
                        } catch (NumberFormatException e) {
                            // reported below
                        }
                        throw new CoercingParseValueException("not a decimal number: " + input);
                    }

                    @Override
                    public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                                   Locale locale) {
                        try {
                            if (input instanceof FloatValue f) return f.getValue();
                            if (input instanceof IntValue i) return new BigDecimal(i.getValue());
                            if (input instanceof StringValue s) return new BigDecimal(s.getValue().strip());
                        } catch (NumberFormatException e) {
                            // reported below
                        }
                        throw new CoercingParseLiteralException("not a decimal number: " + input);
                    }
                }).build();
    }

    static GraphQLScalarType dateTime() {
        return isoText("DateTime", "An ISO-8601 instant", Instant.class, Instant::parse, "2025-07-01T08:30:00Z");
    }

    static GraphQLScalarType date() {
        return isoText("Date", "An ISO-8601 calendar date", LocalDate.class, LocalDate::parse, "yyyy-mm-dd");
    }

    /** A scalar written as ISO-8601 text: serialised with toString, read with the type's parser. */
    private static <T> GraphQLScalarType isoText(String name, String description, Class<T> type,
                                                 Function<String, T> parse, String example) {
        return GraphQLScalarType.newScalar().name(name).description(description)
                .coercing(new Coercing<T, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        if (type.isInstance(value)) return value.toString();
                        throw new CoercingSerializeException("not a " + name + ": " + value);
                    }

                    @Override
                    public T parseValue(Object input, GraphQLContext context, Locale locale) {
                        try {
                            return parse.apply(input.toString());
                        } catch (DateTimeParseException e) {
                            throw new CoercingParseValueException("not an ISO " + name + " (" + example + "): " + input);
                        }
                    }

                    @Override
                    public T parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                          Locale locale) {
                        if (input instanceof StringValue s) {
                            try {
                                return parse.apply(s.getValue());
                            } catch (DateTimeParseException e) {
                                // reported below
                            }
                        }
                        throw new CoercingParseLiteralException("not an ISO " + name + " (" + example + "): " + input);
                    }
                }).build();
    }
}
