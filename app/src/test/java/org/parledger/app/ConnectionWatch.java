package org.parledger.app;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the connections the application borrows from its pool. It counts the SQL statements prepared on HTTP request
 * threads, so that a test can see how many statements one GraphQL request costs (the event processors' polling runs on
 * other threads and is not counted), and it notes every connection closed a second time, with where: in HikariCP that
 * second close reaches the statements of whoever borrowed the connection next ({@link ConnectionsClosedOnceTest}).
 */
@TestConfiguration(proxyBeanMethods = false)
class ConnectionWatch {
    private static final Queue<String> STATEMENTS = new ConcurrentLinkedQueue<>();
    private static final Queue<String> CLOSED_TWICE = new ConcurrentLinkedQueue<>();

    static void reset() {
        STATEMENTS.clear();
        CLOSED_TWICE.clear();
    }

    static List<String> statements() {
        return List.copyOf(STATEMENTS);
    }

    /** The stack of each second close since the last reset. */
    static List<String> closedTwice() {
        return List.copyOf(CLOSED_TWICE);
    }

    @Bean
    static BeanPostProcessor watchConnections() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource dataSource)) return bean;
                return Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                        (proxy, method, args) -> {
                            Object result = invoke(dataSource, method, args);
                            return result instanceof Connection connection ? watched(connection) : result;
                        });
            }
        };
    }

    /** One borrowing of a pooled connection: the pool hands out a new object each time. */
    private static Connection watched(Connection connection) {
        AtomicBoolean closed = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && Thread.currentThread().getName().startsWith("http-nio")) {
                        STATEMENTS.add(String.valueOf(args[0]));
                    }
                    if (method.getName().equals("close") && closed.getAndSet(true)) {
                        StringWriter stack = new StringWriter();
                        new Throwable("closed again on " + Thread.currentThread().getName()).printStackTrace(new PrintWriter(stack));
                        CLOSED_TWICE.add(stack.toString());
                    }
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
