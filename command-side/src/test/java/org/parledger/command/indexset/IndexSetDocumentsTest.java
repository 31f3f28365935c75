package org.parledger.command.indexset;

import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexSetDocumentsTest {
    private static final String YAML = """
            code: DISTRICT-SAMPLE
            title: "Bộ chỉ số cấp huyện (mẫu)"
            decision: "123/QĐ-UBND"
            decisionDate: 2023-01-15
            level: DISTRICT
            fromYear: 2023
            toYear: 2025
            scale: 10
            bands:
              - name: Tốt
                minimumIndex: 90
            agencies:
              - code: PNV
                name: "Phòng Nội vụ"
              - code: VP
                name: "Văn phòng HĐND và UBND"
            fields:
              - code: "1"
                title: "Công tác chỉ đạo, điều hành"
                maximum: 6
                appraisingAgency: PNV
                children:
                  - code: "1.1"
                    title: "Kế hoạch CCHC"
                    maximum: 2.5
                    source: EVIDENCE
                  - code: "1.2"
                    title: "Kiểm tra CCHC"
                    maximum: 3.5
                    source: EVIDENCE
                    appraisingAgency: VP
                    notApplicableAllowed: true
              - code: "2"
                title: "Mức độ hài lòng"
                maximum: 4
                source: SURVEY
            """;

    @Test
    void readsAYamlDocumentWithInheritedAgencies() {
        IndexSetDefinition set = IndexSetDocuments.parse(YAML, IndexSetDocuments.Format.YAML);
        IndexSetRulesCheck.check(set);
        assertThat(set.code().value()).isEqualTo("DISTRICT-SAMPLE");
        assertThat(set.leafRules()).containsOnlyKeys("1.1", "1.2", "2");
        assertThat(set.leafRules().get("1.1")).isEqualTo(
                new LeafRule("1.1", "1", new BigDecimal("2.5"), ScoringSource.EVIDENCE, "PNV", false));
        assertThat(set.leafRules().get("1.2").appraisingAgency()).isEqualTo("VP");
        assertThat(set.leafRules().get("1.2").notApplicableAllowed()).isTrue();
        assertThat(set.leafRules().get("2").fieldCode()).isEqualTo("2");
    }

    @Test
    void readsTheSameSetFromJson() {
        String json = """
                {"code": "J-1", "title": "t", "level": "COMMUNE", "fromYear": 2024, "toYear": 2024, "scale": 5,
                 "agencies": [{"code": "UBND", "name": "UBND xã"}],
                 "fields": [{"code": "1", "title": "f", "maximum": 5, "source": "EVIDENCE", "appraisingAgency": "UBND"}]}""";
        IndexSetDefinition set = IndexSetDocuments.parse(json, IndexSetDocuments.Format.JSON);
        IndexSetRulesCheck.check(set);
        assertThat(set.leafRules()).containsOnlyKeys("1");
    }

    /** A key given twice in a decision's set is a mistake to show, not a value to pick (the later one was taken). */
    @Test
    void aDocumentThatHoldsNoSetIsRefusedWithTheField() {
        // Each read as no set at all, and reached the rules check as INTERNAL_ERROR (found by a fuzzed run by hand).
        for (String document : new String[]{"null", "~", "--- null"}) {
            for (IndexSetDocuments.Format format : IndexSetDocuments.Format.values()) {
                if (format == IndexSetDocuments.Format.JSON && !document.equals("null")) continue;
                assertThatThrownBy(() -> IndexSetDocuments.parse(document, format))
                        .isInstanceOfSatisfying(LedgerException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INDEX_SET);
                            assertThat(e.field()).isEqualTo("document");
                        });
            }
        }
        assertThatThrownBy(() -> IndexSetRulesCheck.check(null)).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.field()).isEqualTo("document"));
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        for (String document : new String[]{YAML.replaceFirst("( *)maximum: 2.5\n", "$1maximum: 2.5\n$1maximum: 25\n"),
                YAML.replace("scale: 10", "scale: 10\nscale: 100")}) {
            assertThatThrownBy(() -> IndexSetDocuments.parse(document, IndexSetDocuments.Format.YAML))
                    .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INDEX_SET))
                    .hasMessageContaining("Duplicate");
        }
        String json = """
                {"code": "J-1", "title": "t", "level": "COMMUNE", "fromYear": 2024, "toYear": 2024, "scale": 5, "scale": 50,
                 "fields": [{"code": "1", "title": "a", "maximum": 5, "source": "EVIDENCE"}]}""";
        assertThatThrownBy(() -> IndexSetDocuments.parse(json, IndexSetDocuments.Format.JSON))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INDEX_SET))
                .hasMessageContaining("Duplicate");
    }

    /** Aliases that would multiply a small document (the "billion laughs") are refused before they are expanded. */
    @Test
    void aDocumentOfAliasesThatMultiplyIsRefused() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) bomb.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            bomb.append("]\n");
        }
        bomb.append(YAML);
        assertThatThrownBy(() -> IndexSetDocuments.parse(bomb.toString(), IndexSetDocuments.Format.YAML))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INDEX_SET));
    }

    @Test
    void anUnknownPropertyIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> IndexSetDocuments.parse(YAML.replace("scale: 10", "scale: 10\nmaxPoints: 3"),
                IndexSetDocuments.Format.YAML))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INDEX_SET);
                    assertThat(e.field()).isEqualTo("document");
                })
                .hasMessageContaining("maxPoints");
    }

    @Test
    void anUnknownPropertyOnANodeIsRefused() {
        String json = """
                {"code": "J-1", "title": "t", "level": "COMMUNE", "fromYear": 2024, "toYear": 2024, "scale": 5,
                 "fields": [{"code": "1", "title": "f", "maximum": 5, "source": "EVIDENCE", "weight": 2}]}""";
        assertThatThrownBy(() -> IndexSetDocuments.parse(json, IndexSetDocuments.Format.JSON))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("weight");
    }

    @Test
    void aDocumentWithADuplicateCodeIsRefusedNamingTheNode() {
        IndexSetDefinition set = IndexSetDocuments.parse(YAML.replace("code: \"1.2\"", "code: \"1.1\""),
                IndexSetDocuments.Format.YAML);
        assertThatThrownBy(() -> IndexSetRulesCheck.check(set))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.field()).isEqualTo("1.1"))
                .hasMessageContaining("1.1 is used twice");
    }

    @Test
    void aDocumentWithAnUnknownAgencyIsRefusedNamingTheNode() {
        IndexSetDefinition set = IndexSetDocuments.parse(YAML.replace("appraisingAgency: VP", "appraisingAgency: SXD"),
                IndexSetDocuments.Format.YAML);
        assertThatThrownBy(() -> IndexSetRulesCheck.check(set))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.field()).isEqualTo("1.2"))
                .hasMessageContaining("node 1.2").hasMessageContaining("SXD");
    }

    @Test
    void aDocumentWhoseMaximaDoNotAddUpIsRefusedNamingTheNode() {
        IndexSetDefinition set = IndexSetDocuments.parse(YAML.replace("maximum: 3.5", "maximum: 4"),
                IndexSetDocuments.Format.YAML);
        assertThatThrownBy(() -> IndexSetRulesCheck.check(set))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.field()).isEqualTo("1"))
                .hasMessageContaining("add up to 6.5, not node 1's maximum 6");
    }

    @Test
    void anEmptyDocumentIsRefused() {
        assertThatThrownBy(() -> IndexSetDocuments.parse(" ", IndexSetDocuments.Format.YAML))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INDEX_SET));
    }
}
