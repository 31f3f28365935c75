package org.parledger.app.deployment;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default is the demo; an external database gets nothing of it unless asked; loopback either way. */
class DeploymentDefaultsTest {
    private static StandardEnvironment environment(Map<String, Object> configured) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("configured", configured));
        new DeploymentDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void theEmbeddedDefaultIsTheDemoOnLoopback() {
        StandardEnvironment embedded = environment(Map.of());
        assertThat(embedded.getProperty("server.address")).isEqualTo("127.0.0.1");
        for (String on : new String[]{"parledger.sample-data.enabled", "parledger.security.demo-accounts.enabled",
                "spring.graphql.graphiql.enabled", "spring.graphql.schema.introspection.enabled"}) {
            assertThat(embedded.getProperty(on, Boolean.class)).as(on).isTrue();
        }
    }

    @Test
    void anExternalDatabaseHasNoSampleDataDemoAccountsGraphiQlOrIntrospectionUnlessSwitchedOn() {
        StandardEnvironment external = environment(Map.of("spring.datasource.url", "jdbc:postgresql://db:5432/ledger",
                "spring.graphql.graphiql.enabled", "true"));
        assertThat(external.getProperty("server.address")).isEqualTo("127.0.0.1");
        for (String off : new String[]{"parledger.sample-data.enabled", "parledger.security.demo-accounts.enabled",
                "spring.graphql.schema.introspection.enabled"}) {
            assertThat(external.getProperty(off, Boolean.class)).as(off).isFalse();
        }
        assertThat(external.getProperty("spring.graphql.graphiql.enabled", Boolean.class)).isTrue();
    }

    @Test
    void anExplicitAddressWins() {
        assertThat(environment(Map.of("server.address", "0.0.0.0")).getProperty("server.address")).isEqualTo("0.0.0.0");
    }
}
