package org.parledger.app.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which graphql-transport-ws messages are outside the protocol, and what the close reason says about each. */
class WellFormedSocketMessagesTest {

    @Test
    void messagesOutsideTheProtocolAreNamedAndTheProtocolsOwnPass() {
        assertThat(WellFormedSocketMessages.fault("hello")).isEqualTo("not JSON");
        assertThat(WellFormedSocketMessages.fault("{\"type\":\"ping\"} more")).isEqualTo("not JSON");
        assertThat(WellFormedSocketMessages.fault("[1]")).isEqualTo("not a JSON object");
        assertThat(WellFormedSocketMessages.fault("{}")).isEqualTo("unknown type");
        assertThat(WellFormedSocketMessages.fault("{\"type\":\"start\"}")).isEqualTo("unknown type");
        assertThat(WellFormedSocketMessages.fault("{\"type\":7}")).isEqualTo("unknown type");
        assertThat(WellFormedSocketMessages.fault("{\"type\":\"connection_init\",\"payload\":[1]}")).isEqualTo("payload is not an object");
        assertThat(WellFormedSocketMessages.fault("{\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\"}}")).isEqualTo("subscribe without its id");
        assertThat(WellFormedSocketMessages.fault("{\"id\":1,\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\"}}")).isEqualTo("id is not a string");
        assertThat(WellFormedSocketMessages.fault("{\"id\":\"1\",\"type\":\"subscribe\"}")).isEqualTo("subscribe without its payload");
        assertThat(WellFormedSocketMessages.fault("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{}}")).isEqualTo("subscribe without its query");
        assertThat(WellFormedSocketMessages.fault("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\" \"}}")).isEqualTo("subscribe without its query");
        assertThat(WellFormedSocketMessages.fault("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"variables\":[1]}}"))
                .isEqualTo("variables is not an object");
        assertThat(WellFormedSocketMessages.fault("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"extensions\":\"x\"}}"))
                .isEqualTo("extensions is not an object");
        assertThat(WellFormedSocketMessages.fault("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"operationName\":5}}"))
                .isEqualTo("operationName is not a string");
        assertThat(WellFormedSocketMessages.fault("{\"type\":\"complete\"}")).isEqualTo("complete without its id");
        for (String fine : new String[]{"{\"type\":\"connection_init\"}", "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Basic x\"}}",
                "{\"type\":\"ping\",\"payload\":null}", "{\"type\":\"pong\"}", "{\"id\":\"1\",\"type\":\"complete\"}",
                "{\"id\":\"a\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ a }\",\"variables\":null,\"operationName\":null}}"}) {
            assertThat(WellFormedSocketMessages.fault(fine)).as(fine).isNull();
        }
        // Every reason fits a close frame (123 bytes) with its prefix.
        for (String reason : new String[]{"operationName is not a string", "subscribe without its payload", "extensions is not an object"}) {
            assertThat(("Invalid message received: " + reason).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        }
    }
}
