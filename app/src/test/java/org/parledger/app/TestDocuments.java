package org.parledger.app;

/** GraphQL documents and an index set shared by the integration tests. */
final class TestDocuments {
    private TestDocuments() {
    }

    /** 20 points: field 1 (12) from evidence, field 2 (8) from the survey. */
    static final String INDEX_SET = """
            code: IT-SET
            title: "Bộ chỉ số kiểm thử"
            decision: "1/QĐ-IT"
            level: PROVINCE
            fromYear: 2024
            toYear: 2025
            scale: 20
            bands:
              - name: A
                minimumIndex: 90
              - name: B
                minimumIndex: 80
              - name: C
                minimumIndex: 70
              - name: D
                minimumIndex: 0
            agencies:
              - code: SNV
                name: "Sở Nội vụ"
            fields:
              - code: "1"
                title: "Chỉ đạo, điều hành"
                maximum: 12
                appraisingAgency: SNV
                children:
                  - code: "1.1"
                    title: "Kế hoạch"
                    maximum: 5
                    source: EVIDENCE
                  - code: "1.2"
                    title: "Kiểm tra"
                    maximum: 7
                    children:
                      - code: "1.2.1"
                        title: "Kế hoạch kiểm tra"
                        maximum: 3
                        source: EVIDENCE
                      - code: "1.2.2"
                        title: "Xử lý sau kiểm tra"
                        maximum: 4
                        source: EVIDENCE
                        notApplicableAllowed: true
              - code: "2"
                title: "Mức độ hài lòng"
                maximum: 8
                children:
                  - code: "2.1"
                    title: "Khảo sát"
                    maximum: 8
                    source: SURVEY
            """;

    /**
     * The same rules under another code and reaching to 2026, for a test that must neither disturb the
     * others' set nor share a ranking year with them.
     */
    static String indexSet(String code) {
        return INDEX_SET.replace("code: IT-SET", "code: " + code).replace("toYear: 2025", "toYear: 2026");
    }

    static final String DEFINE_INDEX_SET = """
            mutation($document: String!) { defineIndexSet(document: $document) { stream } }""";
    static final String REGISTER_UNIT = """
            mutation($code: ID!, $name: String!) {
              registerUnit(input: {code: $code, name: $name, level: PROVINCE}) { stream } }""";
    static final String REGISTER_DISTRICT = """
            mutation($code: ID!, $name: String!) {
              registerUnit(input: {code: $code, name: $name, level: DISTRICT}) { stream } }""";
    static final String OPEN = """
            mutation($unit: ID!, $year: Int!) { openAssessment(unit: $unit, year: $year, indexSet: "IT-SET") { stream } }""";
    static final String OPEN_UNDER = """
            mutation($unit: ID!, $year: Int!, $set: ID!) { openAssessment(unit: $unit, year: $year, indexSet: $set) { stream } }""";
    static final String SELF_SCORE = """
            mutation($unit: ID!, $year: Int!, $criterion: String!, $points: Decimal!) {
              recordSelfScore(input: {unit: $unit, year: $year, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: "15/KH-UBND", page: "3"}}) { stream } }""";
    /** A self-score on leaf 1.1 of IT-SET's 2025 assessment, sent with a request id (null: none). */
    static final String SELF_SCORE_WITH_ID = """
            mutation($unit: ID!, $points: Decimal!, $requestId: String) {
              recordSelfScore(input: {unit: $unit, year: 2025, criterion: "1.1", points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}, requestId: $requestId) { stream version position } }""";
    static final String SUBMIT_WITH_ID = """
            mutation($unit: ID!, $year: Int!, $requestId: String) {
              submitSelfAssessment(unit: $unit, year: $year, requestId: $requestId) { stream } }""";
    static final String SUBMIT = """
            mutation($unit: ID!, $year: Int!) { submitSelfAssessment(unit: $unit, year: $year) { stream } }""";
    static final String APPRAISE = """
            mutation($unit: ID!, $year: Int!, $criterion: String!, $points: Decimal!, $reason: String) {
              recordAppraisedScore(input: {unit: $unit, year: $year, criterion: $criterion, points: $points,
                                           reason: $reason}) { stream } }""";
    static final String SURVEY = """
            mutation($unit: ID!, $year: Int!, $criterion: String!, $points: Decimal!) {
              recordSurveyScore(input: {unit: $unit, year: $year, criterion: $criterion, points: $points}) { stream } }""";
    static final String MARK_NOT_APPLICABLE = """
            mutation($unit: ID!, $year: Int!, $criterion: String!) {
              markNotApplicable(unit: $unit, year: $year, criterion: $criterion, reason: "Không phát sinh") { stream } }""";
    static final String DISTRICT_RANKINGS = """
            query($year: Int!, $asOf: DateTime) {
              rankings(year: $year, level: DISTRICT, asOf: $asOf) {
                entries { rank unitCode unitName index
                          change { previousYear basis comparedWith previousIndex previousRank indexChange rankChange
                                   differentIndexSet } } } }""";
    static final String RANKINGS = """
            query($year: Int!, $stage: ScoreStage!, $asOf: DateTime) {
              rankings(year: $year, level: PROVINCE, stage: $stage, asOf: $asOf) {
                entries { rank unitCode unitName index points attainableMaximum indexSet classification } } }""";
    static final String ASSESSMENT_AS_OF = """
            query($unit: ID!, $year: Int!, $asOf: DateTime) {
              assessment(unit: $unit, year: $year, asOf: $asOf) {
                unitName appraisedIndex leaves { code maximum appraised needsReappraisal } } }""";
    static final String ASSESSMENT = """
            query($unit: ID!, $year: Int!) {
              assessment(unit: $unit, year: $year) {
                unitCode unitName year stage selfAssessedPoints appraisedPoints surveyPoints attainableMaximum
                selfAssessedIndex appraisedIndex fields { code title maximum selfAssessed appraised survey }
                leaves { code maximum notApplicable selfAssessed appraised survey needsReappraisal } } }""";
}
