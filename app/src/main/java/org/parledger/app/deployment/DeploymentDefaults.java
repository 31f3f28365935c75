package org.parledger.app.deployment;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Defaults that depend on how the application is deployed, below every configured value (so any of them can
 * be set explicitly). The embedded default (no spring.datasource.url) is the one-command demo: sample data,
 * demo accounts, GraphiQL and introspection. With an external database none of these is on unless switched on.
 * Either way the server listens on loopback only, unless server.address says otherwise.
 */
public class DeploymentDefaults implements EnvironmentPostProcessor {
    static final String SOURCE = "parledger-deployment-defaults";

    public static boolean embedded(org.springframework.core.env.Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        return url == null || url.isBlank();
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean embedded = embedded(environment);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("server.address", "127.0.0.1");
        defaults.put("parledger.sample-data.enabled", embedded);
        defaults.put("parledger.security.demo-accounts.enabled", embedded);
        defaults.put("spring.graphql.graphiql.enabled", embedded);
        defaults.put("spring.graphql.schema.introspection.enabled", embedded);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
