package org.parledger.app.deployment;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as the deployment guide promises it (CI has no Docker engine to run it): every published port on
 * 127.0.0.1 only, every service with a health check and a restart policy, the application started only once its
 * database and Axon Server are healthy, Axon Server's access control on with a token the application presents, and
 * the application's health check the Dockerfile's own (which DatabaseOutageTest runs against a node).
 */
class ComposeFileTest {
    private static final JsonNode COMPOSE = read();

    private static JsonNode read() {
        try {
            return YAMLMapper.builder().build().readTree(Files.readString(Path.of("../docker-compose.yml")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void portsAreOnLoopbackAndEveryServiceIsCheckedAndRestarted() {
        COMPOSE.get("services").properties().forEach(service -> {
            for (JsonNode port : service.getValue().path("ports")) {
                assertThat(port.asString()).as(service.getKey()).startsWith("127.0.0.1:");
            }
            assertThat(service.getValue().path("healthcheck").path("test").isMissingNode()).as(service.getKey()).isFalse();
            assertThat(service.getValue().path("restart").asString()).as(service.getKey()).isEqualTo("unless-stopped");
        });
    }

    @Test
    void theApplicationWaitsForHealthyDependenciesAndPresentsAxonServersToken() {
        JsonNode app = COMPOSE.at("/services/app");
        assertThat(app.at("/depends_on/postgres/condition").asString()).isEqualTo("service_healthy");
        assertThat(app.at("/depends_on/axonserver/condition").asString()).isEqualTo("service_healthy");
        JsonNode axonServer = COMPOSE.at("/services/axonserver/environment");
        assertThat(axonServer.get("AXONIQ_AXONSERVER_ACCESSCONTROL_ENABLED").asString()).isEqualTo("true");
        assertThat(axonServer.get("AXONIQ_AXONSERVER_ACCESSCONTROL_TOKEN").asString()).isEqualTo("${AXONSERVER_TOKEN:?set AXONSERVER_TOKEN}");
        assertThat(app.at("/environment/AXON_AXONSERVER_TOKEN").asString()).isEqualTo("${AXONSERVER_TOKEN}");
    }

    @Test
    void theApplicationsHealthCheckIsTheDockerfiles() throws Exception {
        String dockerfile = Files.readString(Path.of("../Dockerfile"));
        Matcher command = Pattern.compile("HEALTHCHECK[^\\n]*\\\\\\s*\\n\\s*CMD (\\[.*])").matcher(dockerfile);
        assertThat(command.find()).isTrue();
        List<String> expected = new ArrayList<>(List.of("CMD"));
        JsonMapper.builder().build().readTree(command.group(1)).forEach(arg -> expected.add(arg.asString()));
        List<String> compose = new ArrayList<>();
        COMPOSE.at("/services/app/healthcheck/test").forEach(arg -> compose.add(arg.asString()));
        assertThat(compose).isEqualTo(expected);
    }
}
