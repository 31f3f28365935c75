package org.parledger.app.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{}}", "subscribe without its query",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\" \"}}", "subscribe without its query",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"variables\":[1]}}", "variables is not an object",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"extensions\":\"x\"}}", "extensions is not an object",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"operationName\":5}}", "operationName is not a string",
                "{\"type\":\"complete\"}", "complete without its id"};
        for (int i = 0; i < refused.length; i += 2) {
            assertThat(WellFormedSocketMessages.fault(refused[i])).as(refused[i]).isEqualTo(refused[i + 1]);
        }
        for (String fine : new String[]{"{\"type\":\"connection_init\"}", "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Basic x\"}}",
                "{\"type\":\"ping\",\"payload\":null}", "{\"type\":\"pong\"}", "{\"id\":\"1\",\"type\":\"complete\"}",
                "{\"id\":\"a\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"variables\":null,\"operationName\":null}}"}) {
            assertThat(WellFormedSocketMessages.fault(fine)).as(fine).isNull();
        }
        // Every reason fits a close frame (123 bytes) with its prefix.
        for (int i = 1; i < refused.length; i += 2) {
            assertThat(("Invalid message received: " + refused[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        }
    }
}
