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

    /**
     * A decimal as people write points and indices: an optional minus, at most 9 digits before the point and 6 after,
     * ASCII digits only. No exponents (1e2000000 would cost seconds of arithmetic), no digits of other scripts.
     */
    static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]{0,8})(\\.[0-9]{1,6})?");

    /** Dates and instants between these years: wider than any round, narrower than what would overflow. */
    static final int FIRST_YEAR = 1900;
    static final int LAST_YEAR = 2200;

    static BigDecimal decimal(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > 20 || !DECIMAL.matcher(trimmed).matches()) {
            throw new NumberFormatException("not a plain decimal (up to 9 digits, a point and up to 6 decimals): "
                    + (trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed));
        }
        return new BigDecimal(trimmed);
    }

    private static java.util.Map<String, Object> invalid() {
        return java.util.Map.of("code", org.parledger.api.common.ErrorCode.INVALID_ARGUMENT.name());
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
                            if (input instanceof Number || input instanceof String) return decimal(plain(input));
                        } catch (NumberFormatException e) {
                            throw CoercingParseValueException.newCoercingParseValueException().message(e.getMessage())
                                    .extensions(invalid()).build();
                        }
                        throw CoercingParseValueException.newCoercingParseValueException()
                                .message("not a decimal number").extensions(invalid()).build();
                    }

                    @Override
                    public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                                   Locale locale) {
                        try {
                            if (input instanceof FloatValue f) return decimal(plain(f.getValue()));
                            if (input instanceof IntValue i) return decimal(i.getValue().toString());
                            if (input instanceof StringValue s) return decimal(s.getValue());
                        } catch (NumberFormatException | ArithmeticException e) {
                            throw CoercingParseLiteralException.newCoercingParseLiteralException().message(e.getMessage())
                                    .extensions(invalid()).build();
                        }
                        throw CoercingParseLiteralException.newCoercingParseLiteralException()
                                .message("not a decimal number").extensions(invalid()).build();
                    }
                }).build();
    }

    /**
     * A JSON number as its shortest text: a huge or tiny one keeps its exponent (and is refused), never expanded into
     * millions of digits.
     */
    private static String plain(Object input) {
        return input instanceof BigDecimal d ? d.toString() : input.toString();
    }

    static GraphQLScalarType dateTime() {
        return isoText("DateTime", "An ISO-8601 instant", Instant.class, text -> {
            Instant instant = Instant.parse(text);
            int year = instant.atZone(java.time.ZoneOffset.UTC).getYear();
            if (year < FIRST_YEAR || year > LAST_YEAR) throw outside(text);
            return instant;
        }, "2025-07-01T08:30:00Z");
    }

    static GraphQLScalarType date() {
        return isoText("Date", "An ISO-8601 calendar date", LocalDate.class, text -> {
            LocalDate date = LocalDate.parse(text);
            if (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR) throw outside(text);
            return date;
        }, "yyyy-mm-dd");
    }

    private static DateTimeParseException outside(String text) {
        return new DateTimeParseException("outside the years " + FIRST_YEAR + "-" + LAST_YEAR, text, 0);
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
                        String text = input.toString();
                        try {
                            if (text.length() <= 40) return parse.apply(text);
                        } catch (java.time.DateTimeException e) {
                            // reported below
                        }
                        throw CoercingParseValueException.newCoercingParseValueException()
                                .message("not an ISO " + name + " between " + FIRST_YEAR + " and " + LAST_YEAR + " (" + example + ")")
                                .extensions(invalid()).build();
                    }

                    @Override
                    public T parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                          Locale locale) {
                        if (input instanceof StringValue s && s.getValue().length() <= 40) {
                            try {
                                return parse.apply(s.getValue());
                            } catch (java.time.DateTimeException e) {
                                // reported below
                            }
                        }
                        throw CoercingParseLiteralException.newCoercingParseLiteralException()
                                .message("not an ISO " + name + " between " + FIRST_YEAR + " and " + LAST_YEAR + " (" + example + ")")
                                .extensions(invalid()).build();
                    }
                }).build();
    }
}
