package org.parledger.app.config;

import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.RefusalCounter;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;

/**
 * A graphql-transport-ws message the protocol does not define (not JSON, an unknown type, a subscribe without its
 * query, variables that are not an object) closes the connection with 4400 and what was wrong, as the protocol says.
 * Spring for GraphQL's handler threw on them: the connection closed with 1011 (a server error) and an ERROR with its
 * stack was logged for each, which any anonymous client could repeat at will.
 */
final class WellFormedSocketMessages extends WebSocketHandlerDecorator {
    static final int INVALID_MESSAGE = 4400;
    private static final Set<String> TYPES = Set.of("connection_init", "ping", "pong", "subscribe", "complete");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final LateMeterRegistry meters;

    WellFormedSocketMessages(WebSocketHandler graphQl, LateMeterRegistry meters) {
        super(graphQl);
        this.meters = meters;
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        String fault = message instanceof TextMessage text ? fault(text.getPayload()) : "messages are JSON text";
        if (fault == null) {
            super.handleMessage(session, message);
            return;
        }
        RefusalCounter.count(meters.get(), ErrorCode.INVALID_ARGUMENT, "none");
        session.close(new CloseStatus(INVALID_MESSAGE, "Invalid message received: " + fault));
    }

    /** What is wrong with a message, in a few words (a close reason holds 123 bytes); null when nothing is. */
    static String fault(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JacksonException e) {
            return "not JSON";
        }
        if (message == null || !message.isObject()) return "not a JSON object";
        JsonNode type = message.get("type");
        if (type == null || !type.isString() || !TYPES.contains(type.asString())) return "unknown type";
        JsonNode id = message.get("id");
        boolean named = id != null && id.isString() && !id.asString().isEmpty();
        if (id != null && !id.isNull() && !id.isString()) return "id is not a string";
        JsonNode payload = message.get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) return "payload is not an object";
        switch (type.asString()) {
            case "complete" -> {
                if (!named) return "complete without its id";
            }
            case "subscribe" -> {
                if (!named) return "subscribe without its id";
                if (payload == null || !payload.isObject()) return "subscribe without its payload";
                JsonNode query = payload.get("query");
                if (query == null || !query.isString() || query.asString().isBlank()) return "subscribe without its query";
                JsonNode operationName = payload.get("operationName");
                if (operationName != null && !operationName.isNull() && !operationName.isString()) return "operationName is not a string";
                for (String part : new String[]{"variables", "extensions"}) {
                    JsonNode value = payload.get(part);
                    if (value != null && !value.isNull() && !value.isObject()) return part + " is not an object";
                }
            }
            default -> {
            }
        }
        return null;
    }
}
