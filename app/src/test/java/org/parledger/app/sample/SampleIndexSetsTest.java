package org.parledger.app.sample;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.parledger.api.common.Actor;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.command.indexset.IndexSet;
import org.parledger.command.indexset.IndexSetDocuments;
import org.parledger.command.support.LedgerCommandTargetResolver;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.command.unit.UnitFacts;
import org.parledger.api.common.Level;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestPrincipals.by;

/** Every shipped sample set is accepted by the same rules as any other set, and has the advertised shape. */
class SampleIndexSetsTest {
    static final List<String> SETS = SampleDataLoader.INDEX_SETS;

    @ParameterizedTest
    @FieldSource("SETS")
    void isAcceptedByTheIndexSetRules(String file) throws IOException {
        IndexSetDefinition set = read(file);
        AggregateTestFixture<IndexSet> fixture = new AggregateTestFixture<>(IndexSet.class);
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
        // The sets a province issues name it: Quảng Ninh (22) must be a registered province.
        fixture.registerInjectableResource((UnitDirectory) code -> Optional.of(new UnitFacts(code, "Tỉnh " + code,
                Level.PROVINCE, null, null, null)));
        fixture.givenNoPriorActivity()
                .when(new DefineIndexSet(set, by(new Actor("test", "ADMIN"))))
                .expectSuccessfulHandlerExecution();
        assertThat(set.scale()).isEqualByComparingTo("100");
        assertThat(set.fields()).hasSize(file.contains("departments") ? 7 : file.contains("district") || file.contains("communes") ? 6 : 8);
        assertThat(set.within()).as("issued by Quảng Ninh for its own rounds").isEqualTo(file.contains("quang-ninh")
                ? new org.parledger.api.unit.UnitCode("22") : null);
    }

    @ParameterizedTest
    @FieldSource("SETS")
    void splitsItsPointsBetweenEvidenceAndSurveyAsDocumented(String file) throws IOException {
        IndexSetDefinition set = read(file);
        BigDecimal survey = set.leafRules().values().stream().filter(l -> l.source() == ScoringSource.SURVEY)
                .map(LeafRule::maximum).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (file.contains("876")) {
            assertThat(survey).isEqualByComparingTo("32");
            assertThat(set.fields()).allSatisfy(f -> assertThat(f.children()).isNotEmpty());
            assertThat(set.leafRules()).hasSize(88);
        } else if (file.contains("district") || file.contains("communes")) {
            assertThat(survey).isEqualByComparingTo("20");
        } else if (file.contains("departments")) {
            assertThat(survey).isEqualByComparingTo("30");
        } else {
            assertThat(set.fields()).extracting(f -> f.maximum().stripTrailingZeros().toPlainString())
                    .containsExactly("10", "10", "14.5", "11", "16", "7", "16", "15.5");
            assertThat(set.leafRules().keySet().stream().filter(code -> code.split("\\.").length == 3)).hasSize(81);
        }
    }

    private static IndexSetDefinition read(String file) throws IOException {
        String text = new String(new ClassPathResource(file).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return IndexSetDocuments.parse(text, IndexSetDocuments.Format.YAML);
    }
}
