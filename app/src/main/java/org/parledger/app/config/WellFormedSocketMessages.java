package org.parledger.app.config;

import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.RefusalCounter;
import org.parledger.command.support.LateMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * graphql-transport-ws as the protocol says, where Spring for GraphQL's handler logged an ERROR with its stack that any
 * anonymous client could repeat at will:
 * <ul>
 *   <li>a message the protocol does not define (not JSON, an unknown type, a subscribe without its query, variables
 *   that are not an object) closes the connection with 4400 and what was wrong (Spring's handler threw: 1011);</li>
 *   <li>a subscribe whose id is still in use closes it with 4409 before the handler sees it (the handler closed it from
 *   inside the first operation's stream, whose next step then met the closed session: "Scheduler unavailable").</li>
 * </ul>
 * An id is in use from its subscribe until the client completes it or the server sends its complete or error, which
 * this class sees because the handler is given a session that passes its messages through here.
 */
final class WellFormedSocketMessages extends WebSocketHandlerDecorator {
    static final int INVALID_MESSAGE = 4400;
    static final int SUBSCRIBER_EXISTS = 4409;
    private static final Set<String> TYPES = Set.of("connection_init", "ping", "pong", "subscribe", "complete");
    /** As strict as Spring's reading after it (spring.jackson.read.strict-duplicate-detection): a key given twice is refused. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Logger LOG = LoggerFactory.getLogger(WellFormedSocketMessages.class);
    private final LateMeterRegistry meters;
    /** The session each connection's handler was given, by the connection's id. */
    private final Map<String, Operations> sessions = new ConcurrentHashMap<>();

    WellFormedSocketMessages(WebSocketHandler graphQl, LateMeterRegistry meters) {
        super(graphQl);
        this.meters = meters;
    }

    /** Set when the node stops: connections are closed as going away, those that open meanwhile too. */
    private volatile boolean goingAway;

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        Operations operations = new Operations(session);
        sessions.put(session.getId(), operations);
        super.afterConnectionEstablished(operations);
        if (goingAway) goAway(operations);
    }

    /**
     * Closes every connection with 1001 (going away), as the node stops: its clients learn that the server went and
     * reconnect at once (to another node, or to this one when it is back). Without it they saw the connection drop
     * (1006) when the web server stopped.
     */
    void goAway() {
        goingAway = true;
        sessions.values().forEach(WellFormedSocketMessages::goAway);
    }

    private static void goAway(WebSocketSession session) {
        try {
            if (session.isOpen()) session.close(CloseStatus.GOING_AWAY.withReason("the server is stopping"));
        } catch (IOException | IllegalStateException alreadyClosed) {
            LOG.debug("WebSocket connection {} had closed as the node stopped: {}", session.getId(), alreadyClosed.toString());
        }
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        Operations operations = operations(session);
        Message read = message instanceof TextMessage text ? read(text.getPayload()) : Message.refused("messages are JSON text");
        if (read.fault() != null) {
            RefusalCounter.count(meters.get(), ErrorCode.INVALID_ARGUMENT, "none");
            session.close(new CloseStatus(INVALID_MESSAGE, "Invalid message received: " + read.fault()));
            return;
        }
        if ("subscribe".equals(read.type()) && !operations.inUse.add(read.id())) {
            RefusalCounter.count(meters.get(), ErrorCode.ALREADY_EXISTS, "none");
            // The reason as Spring for GraphQL words it, cut to what a close frame holds (123 bytes).
            session.close(new CloseStatus(SUBSCRIBER_EXISTS, shortened("Subscriber for " + read.id() + " already exists")));
            return;
        }
        operations.reading();
        try {
            super.handleMessage(operations, message);
        } finally {
            CloseStatus closedMeanwhile = operations.doneReading();
            if (closedMeanwhile != null) super.afterConnectionClosed(operations, closedMeanwhile);
        }
        if ("complete".equals(read.type())) operations.inUse.remove(read.id());
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
        super.handleTransportError(operations(session), exception);
    }

    /** The session its handler was given (a new one only if a message comes after the connection closed). */
    private Operations operations(WebSocketSession session) {
        Operations operations = sessions.get(session.getId());
        return operations != null ? operations : new Operations(session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
        Operations operations = sessions.remove(session.getId());
        if (operations == null) {
            super.afterConnectionClosed(session, closeStatus);
            return;
        }
        if (operations.closed(closeStatus)) super.afterConnectionClosed(operations, closeStatus);
    }

    /** A connection as its handler sees it: the ids of its operations still running are known here. */
    private static final class Operations extends WebSocketSessionDecorator {
        final Set<String> inUse = ConcurrentHashMap.newKeySet();
        /*
         * The handler lets a connection go (shuts its sender down) only when it is not reading one of its messages: a
         * client that vanished while its subscribe was being read had the sender shut down under it ("Scheduler
         * unavailable", an ERROR with its stack). A close reported meanwhile is passed on when the reading ends, by the
         * reading thread, never waited for: the handler's reading may itself wait for a thread that reports the close
         * (a refused connection_init is closed from the sender while the reader waits for it).
         */
        private boolean reading;
        private CloseStatus closedWhileReading;
        /**
         * The thread closing the connection through this session, while it does. Tomcat reports such a close before it
         * sends the close frame, on the closing thread; it is passed on there and then, as before: letting the sender go
         * from the reading thread meanwhile interrupted the closing one mid-frame (a refused connection_init came as
         * 1006, not 4401).
         */
        private volatile Thread closing;

        @Override
        public void close() throws IOException {
            close(CloseStatus.NORMAL);
        }

        @Override
        public void close(CloseStatus status) throws IOException {
            closing = Thread.currentThread();
            try {
                super.close(status);
            } finally {
                closing = null;
            }
        }

        synchronized void reading() {
            reading = true;
        }

        /** The reading has ended: the close to pass on now, if one was reported meanwhile. */
        synchronized CloseStatus doneReading() {
            reading = false;
            CloseStatus closed = closedWhileReading;
            closedWhileReading = null;
            return closed;
        }

        /** The connection has closed: whether to pass it on now (not while a message is being read, unless closed here). */
        synchronized boolean closed(CloseStatus status) {
            if (!reading || closing == Thread.currentThread()) return true;
            closedWhileReading = status;
            return false;
        }

        Operations(WebSocketSession session) {
            super(session);
        }

        /**
         * Sends a message, or drops it when it cannot be sent. Spring for GraphQL's handler logged an ERROR with its stack
         * for every message it could not send, and the cause is a client that has gone while a result was on its way (a
         * reader closing the page): Tomcat's "Message will not be sent because the WebSocket session has been closed", a
         * broken pipe, a send interrupted as the connection's state is let go, and the sends after that one. Such a
         * message is for nobody: it is dropped, the connection closed as the handler would close it (its state is let
         * go when Tomcat reports the close), and a line logged at DEBUG.
         */
        @Override
        public void sendMessage(WebSocketMessage<?> message) throws IOException {
            // Freed before the client can read that it is: it may subscribe with the id again at once.
            if (message instanceof TextMessage text) {
                String ended = ended(text.getPayload());
                if (ended != null) inUse.remove(ended);
            }
            if (!isOpen()) return;
            try {
                super.sendMessage(message);
            } catch (IOException | IllegalStateException unsent) {
                LOG.debug("A message for WebSocket connection {} was dropped: {}", getId(), unsent.toString());
                try {
                    close(CloseStatus.SESSION_NOT_RELIABLE);
                } catch (IOException | IllegalStateException alreadyClosed) {
                    LOG.debug("Closing WebSocket connection {} after a failed send: {}", getId(), alreadyClosed.toString());
                }
            }
        }
    }

    /** The id of the operation a server's message ends (complete or error), or null. */
    static String ended(String text) {
        // Most messages are results ("next"), which Spring writes with their type last: those are not scanned at all (a
        // ranking pushed to each subscriber is 37 KB); of the others, only what may be an end is read as JSON.
        if (text.endsWith("\"type\":\"next\"}")) return null;
        if (!text.contains("\"complete\"") && !text.contains("\"error\"")) return null;
        try {
            JsonNode message = JSON.readTree(text);
            String type = message.path("type").asString("");
            JsonNode id = message.get("id");
            return (type.equals("complete") || type.equals("error")) && id != null && id.isString() ? id.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * The reason as it fits a close frame (123 bytes of UTF-8): whole code points up to 120 bytes, then "…". One pass: an
     * id may be as long as a message (8 KB).
     */
    static String shortened(String reason) {
        if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123) return reason;
        int end = 0;
        for (int bytes = 0; end < reason.length(); ) {
            int cp = reason.codePointAt(end);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes > 120) break;
            end += Character.charCount(cp);
        }
        return reason.substring(0, end) + "…";
    }

    /** A client's message as far as this class reads it: its type and id, or what is wrong with it. */
    record Message(String type, String id, String fault) {
        static Message refused(String fault) {
            return new Message(null, null, fault);
        }
    }

    /** A message's type and id, or what is wrong with it in a few words (a close reason holds 123 bytes). */
    static Message read(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JacksonException e) {
            return Message.refused(e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate")
                    ? "a key given twice" : "not JSON");
        }
        if (message == null || !message.isObject()) return Message.refused("not a JSON object");
        JsonNode type = message.get("type");
        if (type == null || !type.isString() || !TYPES.contains(type.asString())) return Message.refused("unknown type");
        JsonNode id = message.get("id");
        boolean named = id != null && id.isString() && !id.asString().isEmpty();
        if (id != null && !id.isNull() && !id.isString()) return Message.refused("id is not a string");
        JsonNode payload = message.get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) return Message.refused("payload is not an object");
        switch (type.asString()) {
            case "complete" -> {
                if (!named) return Message.refused("complete without its id");
            }
            case "subscribe" -> {
                if (!named) return Message.refused("subscribe without its id");
                if (payload == null || !payload.isObject()) return Message.refused("subscribe without its payload");
                GraphQlRequestShape.Fault fault = GraphQlRequestShape.fault(payload);
                if (fault != null) return Message.refused(fault.message());
            }
            default -> {
            }
        }
        return new Message(type.asString(), named ? id.asString() : null, null);
    }
}
