package org.parledger.app.config;

import graphql.Scalars;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.query.projection.ProjectionProgress;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static graphql.util.TreeTransformerUtil.changeNode;

/**
 * Read your writes on any node: every query field takes {@code consistentWith}, the position a mutation was
 * answered with, and is answered only once the read model has passed it (waiting at most
 * parledger.query.consistency-wait, then NOT_CAUGHT_UP). A request waits once, for the furthest position it names.
 */
final class ReadYourWrites extends SimplePerformantInstrumentation {

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Wiring {
        @org.springframework.context.annotation.Bean
        ReadYourWrites readYourWrites(ProjectionProgress progress, org.parledger.query.support.QueryProperties properties) {
            return new ReadYourWrites(progress, properties.consistencyWait());
        }

        @org.springframework.context.annotation.Bean
        GraphQlSourceBuilderCustomizer consistentWithOnEveryQuery() {
            return everyQueryTakesConsistentWith();
        }
    }

    static final String ARGUMENT = "consistentWith";
    /** Positions are JSON numbers: integers beyond 2^53 would not survive a client's doubles. */
    private static final long LARGEST = 1L << 53;
    private final ProjectionProgress progress;
    private final Duration wait;

    ReadYourWrites(ProjectionProgress progress, Duration wait) {
        this.progress = progress;
        this.wait = wait;
    }

    /** Adds the argument to every field of Query, documented, without repeating it in each schema file. */
    static GraphQlSourceBuilderCustomizer everyQueryTakesConsistentWith() {
        return builder -> builder.typeVisitorsToTransformSchema(List.of(new GraphQLTypeVisitorStub() {
            @Override
            public TraversalControl visitGraphQLFieldDefinition(GraphQLFieldDefinition field, TraverserContext<GraphQLSchemaElement> context) {
                if (context.getParentNode() instanceof GraphQLObjectType parent && parent.getName().equals("Query")
                        && field.getArgument(ARGUMENT) == null) {
                    changeNode(context, field.transform(f -> f.argument(GraphQLArgument.newArgument().name(ARGUMENT)
                            .type(Scalars.GraphQLFloat)
                            .description("A ledger position a mutation answered with: the answer waits until the read model "
                                    + "has taken it in (at most a few seconds, then NOT_CAUGHT_UP), so that it shows that change.")
                            .build())));
                }
                return TraversalControl.CONTINUE;
            }
        }));
    }

    private static final class Reached implements InstrumentationState {
        private volatile long position = -1;
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new Reached();
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (!parameters.getExecutionStepInfo().getPath().isRootPath()
                && parameters.getExecutionStepInfo().getPath().getParent().isRootPath()) {
            Object asked = parameters.getExecutionStepInfo().getArguments().get(ARGUMENT);
            if (asked != null) {
                return environment -> {
                    long position = position(asked);
                    Reached reached = (Reached) state;
                    if (reached == null || reached.position < position) {
                        progress.await(position, wait);
                        if (reached != null) reached.position = Math.max(reached.position, position);
                    }
                    return dataFetcher.get(environment);
                };
            }
        }
        return dataFetcher;
    }

    private static long position(Object asked) {
        BigDecimal value = new BigDecimal(asked.toString());
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(LARGEST)) > 0) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, ARGUMENT, "a ledger position is a whole number from 0 to 2^53");
        }
        return value.longValueExact();
    }
}
