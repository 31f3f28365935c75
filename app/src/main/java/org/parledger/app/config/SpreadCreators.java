package org.parledger.app.config;

import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;

/**
 * Builds records (events, snapshots) through a constructor handle spread once per type. Jackson 3.1 calls a
 * properties-based constructor with {@code MethodHandle.invokeWithArguments}, which on Java 17 builds a spreading
 * adapter at every call: 4.8 % of a replay's CPU went to that alone (async-profiler, 1M events). Everything else is
 * Jackson's own: which creator, its properties, missing values, and how a constructor's refusal is reported.
 * Only public constructors of public classes are handled so; any other keeps Jackson's instantiator.
 */
final class SpreadCreators extends JacksonModule {

    @Override
    public String getModuleName() {
        return "par-ledger-spread-creators";
    }

    @Override
    public Object getRegistrationId() {
        return SpreadCreators.class;
    }

    @Override
    public tools.jackson.core.Version version() {
        return tools.jackson.core.Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addValueInstantiators(new ValueInstantiators() {
            @Override
            public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription.Supplier type) {
                return null;
            }

            @Override
            public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier type,
                                                             ValueInstantiator found) {
                return found.getClass() == StdValueInstantiator.class ? Spread.of((StdValueInstantiator) found) : found;
            }
        });
    }

    /** Jackson's instantiator, with the properties-based constructor called through a handle made once. */
    static final class Spread extends StdValueInstantiator {
        private final MethodHandle creator;

        private Spread(StdValueInstantiator found, MethodHandle creator) {
            super(found);
            this.creator = creator;
        }

        static ValueInstantiator of(StdValueInstantiator found) {
            if (!(found.getWithArgsCreator() instanceof AnnotatedConstructor annotated)) return found;
            Constructor<?> constructor = annotated.getAnnotated();
            if (!Modifier.isPublic(constructor.getModifiers()) || !Modifier.isPublic(constructor.getDeclaringClass().getModifiers())) {
                return found;
            }
            try {
                int arity = constructor.getParameterCount();
                MethodHandle handle = MethodHandles.publicLookup().unreflectConstructor(constructor)
                        .asType(MethodType.genericMethodType(arity))
                        .asSpreader(Object[].class, arity);
                return new Spread(found, handle);
            } catch (IllegalAccessException | RuntimeException e) {
                return found; // not reachable so (a class of a module that does not export it): Jackson's own way
            }
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
            try {
                return (Object) creator.invokeExact(arguments);
            } catch (Exception e) {
                // As Jackson reports a constructor's refusal.
                return context.handleInstantiationProblem(_valueClass, arguments, rewrapCtorProblem(context, e));
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
