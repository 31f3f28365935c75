package org.parledger.app.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.language.VariableReference;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The operations that passed one of the limits on what a document may ask, so that a document sent again (the
 * document cache hands out the same parsed document for the same text) is not measured again: walking it cost about 5 %
 * of the server's CPU per write in the write benchmark's profile.
 * <p>
 * Only an operation whose verdict its text alone decides is kept: one with no {@code @skip} or {@code @include} (a
 * variable may switch a branch on) and no variable in an argument the limit weighs (a page's {@code first}). Any other
 * is measured on every request, as before; a refusal is never kept.
 */
final class PassedOperations {
    /** Keyed by identity: an operation belongs to one parsed document, and is forgotten with it. */
    private final Cache<OperationDefinition, Boolean> passed = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();
    private final Set<String> weighedArguments;

    /** @param weighedArguments the arguments whose values the limit reads */
    PassedOperations(Set<String> weighedArguments) {
        this.weighedArguments = weighedArguments;
    }

    /** @param limit measures the operation, throwing when it is over the limit */
    InstrumentationContext<ExecutionResult> check(ExecutionContext context, Supplier<InstrumentationContext<ExecutionResult>> limit) {
        OperationDefinition operation = context.getOperationDefinition();
        if (passed.getIfPresent(operation) != null) return SimpleInstrumentationContext.noOp();
        InstrumentationContext<ExecutionResult> measured = limit.get();
        if (decidedByText(context.getDocument())) passed.put(operation, Boolean.TRUE);
        return measured;
    }

    /** Whether no variable can change what the limit finds anywhere in the document (fragments included). */
    boolean decidedByText(Node<?> document) {
        Deque<Open> open = new ArrayDeque<>();
        open.push(new Open(document, false));
        while (!open.isEmpty()) {
            Open next = open.pop();
            Node<?> node = next.node();
            if (node instanceof Directive directive && (directive.getName().equals("skip") || directive.getName().equals("include"))) {
                return false;
            }
            if (next.weighed() && node instanceof VariableReference) return false;
            boolean weighed = next.weighed() || node instanceof Argument argument && weighedArguments.contains(argument.getName());
            for (Node<?> child : node.getChildren()) open.push(new Open(child, weighed));
        }
        return true;
    }

    /** A node still to visit, and whether it lies within an argument the limit weighs. */
    private record Open(Node<?> node, boolean weighed) {
    }
}
