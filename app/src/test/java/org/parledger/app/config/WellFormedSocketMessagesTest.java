package org.parledger.app.config;

import org.junit.jupiter.api.Test;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Which graphql-transport-ws messages are outside the protocol, and what the close reason says about each. */
class WellFormedSocketMessagesTest {

    @Test
    void messagesOutsideTheProtocolAreNamedAndTheProtocolsOwnPass() {
        // Each message, and what the close reason says is wrong with it.
        String[] refused = {
                "hello", "not JSON",
                "{\"type\":\"ping\"} more", "not JSON",
                "[1]", "not a JSON object",
                "{}", "unknown type",
                "{\"type\":\"start\"}", "unknown type",
                "{\"type\":7}", "unknown type",
                "{\"type\":\"connection_init\",\"payload\":[1]}", "payload is not an object",
                "{\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\"}}", "subscribe without its id",
                "{\"id\":1,\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\"}}", "id is not a string",
                "{\"id\":\"1\",\"type\":\"subscribe\"}", "subscribe without its payload",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{}}", "query must be a non-empty string holding the document",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\" \"}}", "query must be a non-empty string holding the document",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"variables\":[1]}}", "variables must be a JSON object",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"extensions\":\"x\"}}", "extensions must be a JSON object",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"operationName\":5}}", "operationName must be a string",
                "{\"type\":\"complete\"}", "complete without its id",
                "{\"type\":\"ping\",\"type\":\"subscribe\"}", "a key given twice"};
        for (int i = 0; i < refused.length; i += 2) {
            assertThat(WellFormedSocketMessages.read(refused[i]).fault()).as(refused[i]).isEqualTo(refused[i + 1]);
        }
        for (String fine : new String[]{"{\"type\":\"connection_init\"}", "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Basic x\"}}",
                "{\"type\":\"ping\",\"payload\":null}", "{\"type\":\"pong\"}", "{\"id\":\"1\",\"type\":\"complete\"}",
                "{\"id\":\"a\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"variables\":null,\"operationName\":null}}"}) {
            assertThat(WellFormedSocketMessages.read(fine).fault()).as(fine).isNull();
        }
        // Every reason fits a close frame (123 bytes) with its prefix.
        for (int i = 1; i < refused.length; i += 2) {
            assertThat(("Invalid message received: " + refused[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        }
    }

    /**
     * A subscribe whose id is in use is closed 4409 here and never reaches the GraphQL handler (which closed the
     * connection from inside the first operation's stream and then logged an ERROR); the id is free again once the
     * client completes it or the handler sends its complete or error.
     */
    @Test
    void anIdInUseIsRefusedHereUntilItsOperationEnds() throws Exception {
        List<String> handled = new ArrayList<>();
        List<WebSocketSession> given = new ArrayList<>();
        AbstractWebSocketHandler graphQl = new AbstractWebSocketHandler() {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) {
                given.add(session);
            }

            @Override
            protected void handleTextMessage(WebSocketSession session, TextMessage message) {
                handled.add(message.getPayload());
            }
        };
        WellFormedSocketMessages messages = new WellFormedSocketMessages(graphQl,
                new LateMeterRegistry(new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class)));
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.getId()).thenReturn("s1");
        when(session.isOpen()).thenReturn(true);
        messages.afterConnectionEstablished(session);
        WebSocketSession handlers = given.get(0);

        messages.handleMessage(session, subscribe("a"));
        messages.handleMessage(session, subscribe("b"));
        // The handler ends "a" with an error and "b" with its complete; "a" is used again, then "b".
        handlers.sendMessage(new TextMessage("{\"id\":\"a\",\"payload\":[{\"message\":\"x\"}],\"type\":\"error\"}"));
        messages.handleMessage(session, subscribe("a"));
        handlers.sendMessage(new TextMessage("{\"id\":\"b\",\"payload\":{},\"type\":\"complete\"}"));
        messages.handleMessage(session, subscribe("b"));
        // A result ("next") ends nothing, though its data may hold the words, whatever the order of its keys; the
        // client's complete does.
        handlers.sendMessage(new TextMessage("{\"id\":\"a\",\"payload\":{\"data\":{\"x\":\"complete error\"}},\"type\":\"next\"}"));
        handlers.sendMessage(new TextMessage("{\"type\":\"next\",\"id\":\"a\",\"payload\":{\"data\":{\"type\":\"complete\"}}}"));
        messages.handleMessage(session, new TextMessage("{\"id\":\"b\",\"type\":\"complete\"}"));
        messages.handleMessage(session, subscribe("b"));
        assertThat(handled).hasSize(6);
        verify(session, never()).close(org.mockito.ArgumentMatchers.any(CloseStatus.class));

        messages.handleMessage(session, subscribe("a"));
        assertThat(handled).hasSize(6);
        verify(session).close(new CloseStatus(4409, "Subscriber for a already exists"));
        // The handler's session passes its messages on to the connection.
        verify(session, org.mockito.Mockito.times(4)).sendMessage(org.mockito.ArgumentMatchers.any(WebSocketMessage.class));
    }

    private static TextMessage subscribe(String id) {
        return new TextMessage("{\"id\":\"" + id + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { s }\"}}");
    }

    /**
     * A result that cannot be sent because the client has gone is dropped and the connection closed, without the
     * exception that made Spring for GraphQL's handler log an ERROR with its stack; nothing is sent on a closed one.
     */
    @Test
    void aMessageForAClientThatHasGoneIsDropped() throws Exception {
        List<WebSocketSession> given = new ArrayList<>();
        WellFormedSocketMessages messages = new WellFormedSocketMessages(new AbstractWebSocketHandler() {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) {
                given.add(session);
            }
        }, new LateMeterRegistry(new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class)));
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.getId()).thenReturn("s2");
        when(session.isOpen()).thenReturn(true);
        TextMessage result = new TextMessage("{\"id\":\"a\",\"payload\":{\"data\":{}},\"type\":\"next\"}");
        org.mockito.Mockito.doThrow(new IllegalStateException("Message will not be sent because the WebSocket session has been closed"))
                .when(session).sendMessage(result);
        messages.afterConnectionEstablished(session);

        given.get(0).sendMessage(result);
        verify(session).close(CloseStatus.SESSION_NOT_RELIABLE);

        when(session.isOpen()).thenReturn(false);
        given.get(0).sendMessage(new TextMessage("{\"id\":\"a\",\"payload\":{},\"type\":\"complete\"}"));
        verify(session, org.mockito.Mockito.times(1)).sendMessage(org.mockito.ArgumentMatchers.any(WebSocketMessage.class));
    }

    /**
     * The handler lets a connection go only once it has finished reading the connection's message: a client that
     * vanished while its subscribe was being read had the handler's sender shut down under it (an ERROR with its stack).
     * The close is not waited for: here, as when a refused connection_init is closed from the handler's sender while
     * its reader waits, the reading waits for the thread that reports the close.
     */
    @Test
    void aConnectionIsLetGoOnlyAfterTheMessageBeingReadIsHandled() throws Exception {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.getId()).thenReturn("s3");
        WellFormedSocketMessages[] messages = new WellFormedSocketMessages[1];
        messages[0] = new WellFormedSocketMessages(new AbstractWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession given, TextMessage message) throws Exception {
                Thread sender = new Thread(() -> {
                    try {
                        messages[0].afterConnectionClosed(session, CloseStatus.GOING_AWAY);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    order.add("close reported");
                });
                sender.start();
                sender.join(30_000);
                assertThat(sender.isAlive()).as("the close was reported without waiting for the reading").isFalse();
                order.add("message handled");
            }

            @Override
            public void afterConnectionClosed(WebSocketSession given, CloseStatus status) {
                order.add("connection let go");
            }
        }, new LateMeterRegistry(new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class)));
        messages[0].afterConnectionEstablished(session);

        messages[0].handleMessage(session, subscribe("a"));
        assertThat(order).containsExactly("close reported", "message handled", "connection let go");
        // Closed when no message is being read: let go at once.
        WebSocketSession idle = mock(WebSocketSession.class);
        when(idle.getId()).thenReturn("s4");
        messages[0].afterConnectionEstablished(idle);
        messages[0].afterConnectionClosed(idle, CloseStatus.NORMAL);
        assertThat(order).containsExactly("close reported", "message handled", "connection let go", "connection let go");
    }

    /**
     * A close the handler makes through its session while a message is being read (a refused connection_init, closed
     * 4401 from the handler's sender) is passed on at once, on the closing thread, as Tomcat reports it before sending
     * the close frame: letting the sender go from the reading thread instead interrupted the frame (the client saw 1006).
     */
    @Test
    void aCloseTheHandlerMakesWhileReadingIsPassedOnAtOnce() throws Exception {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.getId()).thenReturn("s5");
        when(session.isOpen()).thenReturn(true);
        WellFormedSocketMessages[] messages = new WellFormedSocketMessages[1];
        // Tomcat reports a close on the closing thread, within close().
        org.mockito.Mockito.doAnswer(call -> {
            messages[0].afterConnectionClosed(session, call.getArgument(0));
            order.add("close frame sent");
            return null;
        }).when(session).close(org.mockito.ArgumentMatchers.any(CloseStatus.class));
        messages[0] = new WellFormedSocketMessages(new AbstractWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession given, TextMessage message) throws Exception {
                Thread sender = new Thread(() -> {
                    try {
                        given.close(new CloseStatus(4401, "Unauthorized"));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                sender.start();
                sender.join(30_000);
                order.add("message handled");
            }

            @Override
            public void afterConnectionClosed(WebSocketSession given, CloseStatus status) {
                order.add("connection let go (" + status.getCode() + ") on the " + (Thread.currentThread().getName().equals("main") ? "reading" : "closing") + " thread");
            }
        }, new LateMeterRegistry(new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class)));
        messages[0].afterConnectionEstablished(session);

        messages[0].handleMessage(session, new TextMessage("{\"type\":\"connection_init\"}"));
        assertThat(order).containsExactly("connection let go (4401) on the closing thread", "close frame sent", "message handled");
    }

    /** A close reason fits its frame (123 bytes), whole characters kept, however long the id it names. */
    @Test
    void aLongReasonIsCutToItsFrame() {
        assertThat(WellFormedSocketMessages.shortened("Subscriber for a already exists")).isEqualTo("Subscriber for a already exists");
        for (String id : new String[]{"a".repeat(8_000), "Đ".repeat(4_000), "😀".repeat(2_000), "a".repeat(104) + "Đ"}) {
            String reason = WellFormedSocketMessages.shortened("Subscriber for " + id + " already exists");
            byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(bytes.length).as(reason).isBetween(118, 123);
            assertThat(reason).startsWith("Subscriber for ").endsWith("…");
            assertThat(reason.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as("no half of a character").isTrue();
        }
    }
}
