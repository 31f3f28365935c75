package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default's sample data, in an application context of its own (a JVM of its own, see app/pom.xml): the
 * README's provincial rounds are there, published by each province's own decision, and the README's side-by-side query
 * of two provinces' district rankings answers what it says, to anyone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parledger.sample-data.enabled=true",
        "parledger.sample-data.years=2024,2025",
        "parledger.embedded.data-dir=target/test-postgres-sample",
        "parledger.embedded.clean=true",
        "parledger.security.demo-accounts.enabled=false",
        "parledger.security.rate-limit.mutations=0"
})
@ContextConfiguration(initializers = TestIssuer.ByIssuerUri.class)
class SampleDataTest {
    @LocalServerPort
    int port;

    @Test
    void twoProvincesDistrictRankingsSideBySideAsTheReadmeShows() throws IOException {
        GraphQlClient anonymous = new GraphQlClient(port);
        String query = readmeQuery("quangNinh: rankings(");
        JsonNode both = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> anonymous.data(query, Map.of()), answer -> answer.at("/haNoi/entries").size() == 12);
        JsonNode quangNinh = both.at("/quangNinh/entries");
        assertThat(quangNinh).hasSize(13);
        assertThat(names(quangNinh)).contains("Huyện Vân Đồn", "Thành phố Hạ Long").doesNotContain("Quận Ba Đình");
        assertThat(names(both.at("/haNoi/entries"))).contains("Quận Ba Đình").doesNotContain("Huyện Vân Đồn");
        assertThat(quangNinh.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(quangNinh.get(0).at("/published/decision").asString()).endsWith("/QĐ-UBND tỉnh Quảng Ninh (mẫu)");
        assertThat(both.at("/haNoi/entries/0/published/decision").asString()).endsWith("/QĐ-UBND thành phố Hà Nội (mẫu)");

        GraphQlClient inspector = new GraphQlClient(port).as("inspector", "INSPECTOR");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(inspector.data("{ rankings(year: 2024, level: DEPARTMENT, within: \"22\", stage: FINAL) { entries { rank } } }",
                    Map.of()).at("/rankings/entries")).hasSize(12);
            JsonNode communes = inspector.data("{ rankings(year: 2025, level: COMMUNE, within: \"22\") { within entries { unitName indexSet } } }",
                    Map.of()).get("rankings");
            assertThat(communes.at("/entries")).hasSize(12);
            assertThat(communes.at("/entries/0/indexSet").asString()).isEqualTo("QN-COMMUNE-SAMPLE");
        });
        assertThat(anonymous.data("{ rankings(year: 2024, level: PROVINCE, stage: FINAL) { entries { rank } } }", Map.of())
                .at("/rankings/entries")).as("the national round is unchanged").hasSize(63);
        assertThat(anonymous.data("{ rankings(year: 2024, level: DISTRICT, stage: FINAL) { entries { rank } } }", Map.of())
                .at("/rankings/entries")).as("no district is in a national round").isEmpty();
    }

    /** The README's example document that contains this text (one GraphQL document, possibly over two lines). */
    private static String readmeQuery(String containing) throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher block = Pattern.compile("```graphql\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (block.find()) {
            List<String> documents = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : block.group(1).lines().toList()) {
                if (line.startsWith("{") && !current.isEmpty()) {
                    documents.add(current.toString());
                    current.setLength(0);
                }
                current.append(line).append('\n');
            }
            documents.add(current.toString());
            for (String document : documents) if (document.contains(containing)) return document;
        }
        throw new AssertionError("the README shows no query containing " + containing);
    }

    private static List<String> names(JsonNode entries) {
        List<String> names = new ArrayList<>();
        entries.forEach(e -> names.add(e.get("unitName").asString()));
        return names;
    }
}
