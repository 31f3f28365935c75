package org.parledger.app.config;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

/**
 * A request answered before its body was read whole (refused by sign-in, a path that takes no body, a body too large
 * or too slow) ends its connection instead of Tomcat reading the rest of the body on a request thread. Tomcat reads
 * ("swallows") up to 2 MB of an unread body after the answer so that the connection can be kept; a client that sends
 * that body a byte at a time held the thread as long as it liked, and 250 such connections from one anonymous client
 * held all 200 (measured: a probe request waited more than 30 s, on any path). The client is told by the answer it
 * already has; it opens a new connection for its next request.
 */
@Configuration(proxyBeanMethods = false)
public class UnreadBodies {
    /** The request attribute holding the {@link Runnable} that ends the connection once the answer is written. */
    static final String END_CONNECTION = UnreadBodies.class.getName() + ".endConnection";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> unreadBodiesEndTheirConnection() {
        return factory -> factory.addContextValves(new EndConnectionOverUnreadBody());
    }

    /**
     * Ends the connection of a request whose body a filter leaves unread while answering it asynchronously (the answer is
     * written after this valve has returned), once the answer has been sent: call it after flushing the answer, since
     * Tomcat closes such a connection without writing what is still buffered.
     */
    static void endConnection(ServletRequest request) {
        if (request.getAttribute(END_CONNECTION) instanceof Runnable end) end.run();
    }

    /**
     * Whether the request's body has not been read whole: answered now, its connection ends after the answer, which
     * should then say {@code Connection: close} (an answer a controller writes is sent before the valve could add it).
     */
    public static boolean leftUnread(ServletRequest request) {
        try {
            return !request.getInputStream().isFinished();
        } catch (IOException | IllegalStateException e) {
            return true;
        }
    }

    /** A valve (it sees the connector's request, which filters do not) for every request of the application's context. */
    static class EndConnectionOverUnreadBody extends ValveBase {
        EndConnectionOverUnreadBody() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            org.apache.coyote.Request connection = request.getCoyoteRequest();
            request.setAttribute(END_CONNECTION, (Runnable) () -> end(connection));
            getNext().invoke(request, response);
            // Answered on this thread (not handed on to an asynchronous answer) with body left unread: close, do not swallow.
            if (!request.isAsyncStarted() && !connection.isFinished()) end(connection);
        }
    }

    /**
     * Ends the connection after its answer, leaving what is left of the body unread. Tomcat's way to leave a body unread (as for an upload it refuses) closes the connection after the answer, but
     * also marks the answer as an error: status 500 unless it is one already, and an error page in place of the
     * answer the application wrote. Both are undone unless the application itself asked for its error page.
     */
    static void end(org.apache.coyote.Request connection) {
        org.apache.coyote.Response answer = connection.getResponse();
        // Told, so that the client does not send its next request on a connection that is closing.
        if (!answer.isCommitted()) answer.setHeader("Connection", "close");
        boolean errorPage = answer.isError();
        int status = answer.getStatus();
        connection.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        if (errorPage) return;
        answer.resetError();
        answer.setStatus(status);
    }
}
