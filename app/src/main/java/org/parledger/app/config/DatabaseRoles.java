package org.parledger.app.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells the migrations which role the application connects as, so that the afterMigrate grants give it exactly
 * what it needs: the embedded database's application role, or spring.datasource.username on an external database
 * (where spring.flyway.user names the owner; see docs/postgres-roles.sql).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseRoles {

    @Bean
    FlywayConfigurationCustomizer applicationRolePlaceholder(Environment environment,
                                                             ObjectProvider<EmbeddedLedgerDatabase> embedded) {
        String appRole = embedded.getIfAvailable() != null ? EmbeddedLedgerDatabase.APP
                : environment.getProperty("spring.datasource.username", "");
        return configuration -> {
            Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
            placeholders.put("appRole", appRole);
            configuration.placeholders(placeholders);
        };
    }
}
