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
        return GraphQLScalarType.newScalar().name("DateTime").description("An ISO-8601 instant")
                .coercing(new Coercing<Instant, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof Instant i) return i.toString();
                        throw new CoercingSerializeException("not an instant: " + value);
                    }

                    @Override
                    public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
                        try {
                            return Instant.parse(input.toString());
                        } catch (DateTimeParseException e) {
                            throw new CoercingParseValueException("not an ISO instant (2025-07-01T08:30:00Z): " + input);
                        }
                    }

                    @Override
                    public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                                Locale locale) {
                        if (input instanceof StringValue s) {
                            try {
                                return Instant.parse(s.getValue());
                            } catch (DateTimeParseException e) {
                                // reported below
                            }
                        }
                        throw new CoercingParseLiteralException("not an ISO instant (2025-07-01T08:30:00Z): " + input);
                    }
                }).build();
    }

    static GraphQLScalarType date() {
        return GraphQLScalarType.newScalar().name("Date").description("An ISO-8601 calendar date")
                .coercing(new Coercing<LocalDate, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof LocalDate d) return d.toString();
                        throw new CoercingSerializeException("not a date: " + value);
                    }

                    @Override
                    public LocalDate parseValue(Object input, GraphQLContext context, Locale locale) {
                        try {
                            return LocalDate.parse(input.toString());
                        } catch (DateTimeParseException e) {
                            throw new CoercingParseValueException("not an ISO date (yyyy-mm-dd): " + input);
                        }
                    }

                    @Override
                    public LocalDate parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                                  Locale locale) {
                        if (input instanceof StringValue s) {
                            try {
                                return LocalDate.parse(s.getValue());
                            } catch (DateTimeParseException e) {
                                // reported below
                            }
                        }
                        throw new CoercingParseLiteralException("not an ISO date (yyyy-mm-dd): " + input);
                    }
                }).build();
    }
}
