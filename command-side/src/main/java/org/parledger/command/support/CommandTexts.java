package org.parledger.command.support;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Texts;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * The command model's own check of every text a command carries, whoever sent it (GraphQL checks first, with each
 * field's limit; the sample data, benchmarks and other nodes send commands too): nothing the ledger keeps forever
 * holds a character that would stop a projection (a NUL), print as nothing, or runs to megabytes. Texts nested in
 * records and lists (an index set's titles) are checked too; the refusal names where the text is.
 */
public final class CommandTexts implements MessageHandlerInterceptor<CommandMessage<?>> {
    /** A record's components, read once per class (Class.getRecordComponents parses and copies them at every call). */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        check(unitOfWork.getMessage().getPayload(), "", 0);
        return chain.proceed();
    }

    static void check(Object value, String path, int depth) {
        if (value == null || depth > 12) return;
        if (value instanceof String text) {
            if (text.length() > Texts.MAX_ANY || Texts.firstRefused(text, true) >= 0) {
                String field = path.isEmpty() ? null : path;
                try {
                    Texts.normalise(text, Texts.MAX_ANY, true);
                } catch (IllegalArgumentException e) {
                    throw new LedgerException(ErrorCode.INVALID_ARGUMENT, field, (field == null ? "the text" : field) + " " + e.getMessage());
                }
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) check(item, path + "[" + i++ + "]", depth + 1);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) check(entry.getValue(), path + "." + entry.getKey(), depth + 1);
        } else if (value.getClass().isRecord()) {
            for (RecordComponent component : COMPONENTS.get(value.getClass())) {
                try {
                    check(component.getAccessor().invoke(value), path.isEmpty() ? component.getName() : path + "." + component.getName(), depth + 1);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
