package org.parledger.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table and the application's typed properties (their metadata, made by Spring Boot's
 * configuration processor from the @ConfigurationProperties records) say the same: every parledger.* property the
 * README names exists, and every one that exists is in the README. Benchmarks' own settings are left to their profiles.
 */
class ConfigurationDocumentedTest {
    private static final Pattern NAMED = Pattern.compile("parledger\\.[a-z0-9.\\-]*[a-z0-9]+(\\[[a-z0-9]+])?(\\.\\*)?");
    private static final Set<String> properties = new TreeSet<>();
    private static final Set<String> documented = new TreeSet<>();

    @BeforeAll
    static void read() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(ConfigurationDocumentedTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("parledger.") && !name.startsWith("parledger.benchmark.")) properties.add(name);
                }
            }
        }
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        Matcher named = NAMED.matcher(readme);
        while (named.find()) if (!named.group().startsWith("parledger.benchmark.")) documented.add(named.group());
    }

    @Test
    void theMetadataIsThere() {
        assertThat(properties).as("properties in the metadata").contains("parledger.embedded.data-dir",
                "parledger.graphql.max-depth", "parledger.query.ranking-reuse", "parledger.replay.checkpoint-every",
                "parledger.integrity.signing-key", "parledger.security.rate-limit.mutations");
    }

    @Test
    void everyPropertyTheReadmeNamesExists() {
        for (String name : documented) {
            String property = name.replaceAll("\\[[a-z0-9]+]$", "");
            boolean exists = name.endsWith(".*")
                    ? properties.stream().anyMatch(p -> p.startsWith(name.substring(0, name.length() - 1)))
                    : properties.contains(property) || properties.stream().anyMatch(p -> p.startsWith(property + "."));
            assertThat(exists).as("README names %s, which the application does not have", name).isTrue();
        }
    }

    @Test
    void everyPropertyIsInTheReadme() {
        for (String property : properties) {
            boolean named = documented.contains(property) || documented.stream().anyMatch(d ->
                    d.endsWith(".*") && property.startsWith(d.substring(0, d.length() - 1))
                            || d.endsWith("]") && property.equals(d.replaceAll("\\[[a-z0-9]+]$", "")));
            assertThat(named).as("%s is not in the README's configuration table", property).isTrue();
        }
    }
}
