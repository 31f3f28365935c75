package org.parledger.query.ranking;

import org.axonframework.queryhandling.QueryHandler;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.Totals;
import org.parledger.api.assessment.Stage;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.ranking.AssessmentSummary;
import org.parledger.api.ranking.FieldPoints;
import org.parledger.api.ranking.FieldStanding;
import org.parledger.api.ranking.FindAssessment;
import org.parledger.api.ranking.FindPublishedRounds;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.PublishedRound;
import org.parledger.api.ranking.PublishedRounds;
import org.parledger.api.ranking.LeafPoints;
import org.parledger.api.ranking.PublicationFacts;
import org.parledger.api.ranking.Ranking;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.ranking.ScoreStage;
import org.parledger.api.unit.UnitCode;
import org.parledger.query.support.ReadModelVersion;
import org.parledger.query.support.RulesJson;
import org.parledger.query.support.QueryProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static org.parledger.query.ranking.Indices.plain;

/** Answers ranking and assessment queries from the read model, or from the events when asked "as of". */
@Component
class AssessmentSummaryQueries {
    /** A computed answer and the versions of the figures it was computed from. */
    private record Reused<T>(Object versions, long at, T value) {
    }

    private final JdbcClient jdbc;
    private final RulesJson json;
    private final HistoricRankings history;
    private final ReadModelVersion version;
    /** Whole rankings, and each year's ranked entries (kept under the year's query without asOf). */
    private final Map<FindRanking, Reused<Ranking>> rankings = new ConcurrentHashMap<>();
    private final Map<FindRanking, Reused<List<RankingEntry>>> years = new ConcurrentHashMap<>();
    /** A live ranking is reused while its years' figures have not changed, and never longer than this (0: never). */
    private final long reuseNanos;

    AssessmentSummaryQueries(JdbcClient jdbc, RulesJson json, HistoricRankings history, ReadModelVersion version,
                             QueryProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.history = history;
        this.version = version;
        this.reuseNanos = properties.rankingReuse().toNanos();
    }

    @QueryHandler
    PublishedRounds handle(FindPublishedRounds query) {
        return new PublishedRounds(jdbc.sql("""
                        SELECT year, level, within_code, published_decision, published_decided_on, count(*) AS units
                        FROM rv_assessment
                        WHERE published_decision IS NOT NULL AND (CAST(:level AS TEXT) IS NULL OR level = :level)
                          AND within_code IS NOT DISTINCT FROM :within
                        GROUP BY year, level, within_code, published_decision, published_decided_on
                        ORDER BY year DESC, level, published_decided_on""")
                .param("level", query.level() == null ? null : query.level().name())
                .param("within", query.within() == null ? null : query.within().value())
                .query((rs, n) -> new PublishedRound(rs.getInt("year"), Level.valueOf(rs.getString("level")),
                        rs.getString("within_code") == null ? null : new UnitCode(rs.getString("within_code")),
                        rs.getString("published_decision"), rs.getObject("published_decided_on", LocalDate.class),
                        rs.getInt("units")))
                .list());
    }

    /**
     * A year's ranking compares each unit with the year before, so it is renewed when the figures of either
     * year change; each year's ranked entries are renewed only when that year's figures change.
     */
    @QueryHandler
    Ranking handle(FindRanking query) {
        if (query.asOf() != null) {
            return history.ranking(query.year(), query.level(), query.stage(), query.asOf(), query.within());
        }
        int year = query.year();
        boolean fresh = query.consistentWith() != null;
        UnitCode within = query.within();
        // Keyed without the position: a fresh answer is computed, not kept.
        FindRanking key = new FindRanking(year, query.level(), query.stage(), null, null, within);
        return reused(rankings, fresh ? null : key, List.of(version.of(year), version.of(year - 1)), () -> {
            if (fresh) years.clear();
            Map<String, IndexSetDefinition> sets = new HashMap<>();
            List<RankingEntry> current = reusedRanked(year, query.level(), query.stage(), within, sets);
            Map<String, List<String>> takenOver = predecessorsTakenOverIn(year);
            YearChanges.Previous previous = YearChanges.previous(current, takenOver, within,
                    reusedRanked(year - 1, query.level(), query.stage(), within, sets),
                    missing -> history.roundsOf(year - 1, query.level(), missing, within),
                    round -> reusedRanked(year - 1, query.level(), query.stage(), round, sets));
            List<RankingEntry> entries = current.stream()
                    .map(e -> e.withChange(YearChanges.of(e, year - 1, previous,
                            takenOver.getOrDefault(e.unit().value(), List.of()))))
                    .toList();
            return new Ranking(year, query.level(), query.stage(), entries, within);
        });
    }

    /** A year's ranked entries of a round, reused while the year's figures have not changed; index sets read into sets. */
    private List<RankingEntry> reusedRanked(int year, Level level, ScoreStage stage, UnitCode within,
                                            Map<String, IndexSetDefinition> sets) {
        return reused(years, new FindRanking(year, level, stage, null, null, within), version.of(year),
                () -> ranked(year, level, stage, within, sets));
    }

    /**
     * The versions are read before computing: a change committed meanwhile renews the answer next time. Without a key,
     * computed afresh and not kept.
     */
    private <T> T reused(Map<FindRanking, Reused<T>> cache, FindRanking key, Object versions, Supplier<T> compute) {
        if (key == null) return compute.get();
        long now = System.nanoTime();
        Reused<T> reused = cache.get(key);
        if (reused != null && reused.versions().equals(versions) && now - reused.at() < reuseNanos) return reused.value();
        T value = compute.get();
        if (cache.size() > 256) cache.clear();
        cache.put(key, new Reused<>(versions, now, value));
        return value;
    }

    /**
     * A year's entries, ranked, each under the name its unit bore at the end of the year; a fixed number of
     * statements whatever the number of units (index sets are read once into {@code sets}).
     */
    private List<RankingEntry> ranked(int year, Level level, ScoreStage stage, UnitCode within,
                                      Map<String, IndexSetDefinition> sets) {
        String total = stage == ScoreStage.SELF_ASSESSED ? "a.self_points + a.survey_points"
                : "GREATEST(a.appraised_points + a.survey_points - a.deducted_points, 0)";
        String published = stage == ScoreStage.FINAL ? " AND a.stage = 'PUBLISHED'" : "";
        List<RankingEntry> entries = jdbc.sql("""
                        SELECT a.unit_code, a.index_set, a.attainable_maximum, %s AS points, a.published_decision,
                               a.published_decided_on, a.published_index, a.published_rank, a.ranked_units,
                               COALESCE((SELECT n.name FROM rv_unit_name n
                                         WHERE n.unit_code = a.unit_code AND (n.valid_from IS NULL OR n.valid_from <= :end)
                                         ORDER BY n.valid_from DESC NULLS LAST LIMIT 1), u.name) AS name,
                               (SELECT r.region FROM rv_unit_region r
                                WHERE r.unit_code = a.unit_code AND (r.valid_from IS NULL OR r.valid_from <= :end)
                                ORDER BY r.valid_from DESC NULLS LAST, r.position DESC LIMIT 1) AS region
                        FROM rv_assessment a JOIN rv_unit u ON u.code = a.unit_code
                        WHERE a.year = :year AND a.level = :level AND a.within_code IS NOT DISTINCT FROM :within%s"""
                        .formatted(total, published))
                .param("year", year)
                .param("level", level.name())
                .param("within", within == null ? null : within.value())
                .param("end", LocalDate.of(year, 12, 31))
                .query((rs, n) -> {
                    BigDecimal points = plain(rs.getBigDecimal("points"));
                    BigDecimal maximum = plain(rs.getBigDecimal("attainable_maximum"));
                    BigDecimal index = Indices.index(points, maximum);
                    IndexSetDefinition set = sets.computeIfAbsent(rs.getString("index_set"), this::rules);
                    return new RankingEntry(0, null, new UnitCode(rs.getString("unit_code")), rs.getString("name"),
                            rs.getString("region"), index, points, maximum, set.code(), set.classify(index),
                            publication(rs), null, null);
                })
                .list();
        Map<String, List<FieldStanding>> fields = fieldStandings(year, level, stage, within);
        return Indices.rank(FieldStandings.rank(entries.stream()
                .map(e -> e.withFields(fields.getOrDefault(e.unit().value(), List.of()))).toList()));
    }

    /** Every ranked unit's points per field, in one statement whatever the number of units. */
    private Map<String, List<FieldStanding>> fieldStandings(int year, Level level, ScoreStage stage, UnitCode within) {
        String points = stage == ScoreStage.SELF_ASSESSED ? "s.self + s.survey" : "s.appraised + s.survey";
        Map<String, List<FieldStanding>> fields = new HashMap<>();
        jdbc.sql("""
                        SELECT s.unit_code, s.field_code, f.title, s.attainable, %s AS points
                        FROM rv_assessment a
                        JOIN rv_field_score s ON s.unit_code = a.unit_code AND s.year = a.year
                        JOIN rv_index_field f ON f.index_set = a.index_set AND f.code = s.field_code
                        WHERE a.year = :year AND a.level = :level AND a.within_code IS NOT DISTINCT FROM :within%s
                        ORDER BY s.unit_code, f.position""".formatted(points,
                        stage == ScoreStage.FINAL ? " AND a.stage = 'PUBLISHED'" : ""))
                .param("year", year).param("level", level.name()).param("within", within == null ? null : within.value())
                .query(rs -> {
                    BigDecimal fieldPoints = plain(rs.getBigDecimal("points"));
                    BigDecimal attainable = plain(rs.getBigDecimal("attainable"));
                    fields.computeIfAbsent(rs.getString("unit_code"), k -> new ArrayList<>()).add(new FieldStanding(
                            rs.getString("field_code"), rs.getString("title"), fieldPoints, attainable,
                            Indices.index(fieldPoints, attainable), 0));
                });
        return fields;
    }

    private IndexSetDefinition rules(String indexSet) {
        return json.read(jdbc.sql("SELECT definition::text FROM rv_index_set WHERE code = :code")
                .param("code", indexSet).query(String.class).single());
    }

    /** For each unit that took over others during the year: the units it took over. */
    private Map<String, List<String>> predecessorsTakenOverIn(int year) {
        Map<String, List<String>> takenOver = new HashMap<>();
        jdbc.sql("""
                        SELECT successor_code, predecessor_code FROM rv_unit_lineage
                        WHERE effective_on > :start AND effective_on <= :end ORDER BY predecessor_code""")
                .param("start", LocalDate.of(year - 1, 12, 31)).param("end", LocalDate.of(year, 12, 31))
                .query(rs -> {
                    takenOver.computeIfAbsent(rs.getString("successor_code"), k -> new ArrayList<>())
                            .add(rs.getString("predecessor_code"));
                });
        return takenOver;
    }

    @QueryHandler
    Optional<AssessmentSummary> handle(FindAssessment query) {
        if (query.asOf() != null) return history.assessment(query.assessment(), query.asOf());
        AssessmentId id = query.assessment();
        List<LeafPoints> leaves = jdbc.sql("""
                        SELECT l.code, l.field_code, l.maximum, l.source, COALESCE(p.not_applicable, FALSE) AS na,
                               p.self_points, p.appraised_points, p.survey_points, COALESCE(p.contested, FALSE) AS contested
                        FROM rv_assessment a
                        JOIN rv_index_leaf l ON l.index_set = a.index_set
                        LEFT JOIN rv_leaf_score p ON p.unit_code = a.unit_code AND p.year = a.year AND p.criterion = l.code
                        WHERE a.unit_code = :unit AND a.year = :year
                        ORDER BY l.position""")
                .param("unit", id.unit().value()).param("year", id.year())
                .query((rs, n) -> {
                    BigDecimal maximum = plain(rs.getBigDecimal("maximum"));
                    BigDecimal self = nullablePlain(rs.getBigDecimal("self_points"));
                    BigDecimal appraised = nullablePlain(rs.getBigDecimal("appraised_points"));
                    BigDecimal survey = nullablePlain(rs.getBigDecimal("survey_points"));
                    boolean above = above(self, maximum) || above(appraised, maximum) || above(survey, maximum);
                    return new LeafPoints(rs.getString("code"), rs.getString("field_code"), maximum,
                            ScoringSource.valueOf(rs.getString("source")), rs.getBoolean("na"), self, appraised, survey,
                            above, rs.getBoolean("contested"));
                })
                .list();
        List<FieldPoints> fields = jdbc.sql("""
                        SELECT f.code, f.title, f.maximum, COALESCE(s.self, 0) AS self,
                               COALESCE(s.appraised, 0) AS appraised, COALESCE(s.survey, 0) AS survey
                        FROM rv_assessment a
                        JOIN rv_index_field f ON f.index_set = a.index_set
                        LEFT JOIN rv_field_score s ON s.unit_code = a.unit_code AND s.year = a.year AND s.field_code = f.code
                        WHERE a.unit_code = :unit AND a.year = :year
                        ORDER BY f.position""")
                .param("unit", id.unit().value()).param("year", id.year())
                .query((rs, n) -> new FieldPoints(rs.getString("code"), rs.getString("title"),
                        plain(rs.getBigDecimal("maximum")), plain(rs.getBigDecimal("self")),
                        plain(rs.getBigDecimal("appraised")), plain(rs.getBigDecimal("survey"))))
                .list();
        return jdbc.sql("""
                        SELECT u.name, a.level, a.index_set, a.stage, a.attainable_maximum, a.within_code,
                               a.self_points, a.appraised_points, a.survey_points, a.deducted_points, a.published_decision,
                               a.published_decided_on, a.published_index, a.published_rank, a.ranked_units
                        FROM rv_assessment a JOIN rv_unit u ON u.code = a.unit_code
                        WHERE a.unit_code = :unit AND a.year = :year""")
                .param("unit", id.unit().value()).param("year", id.year())
                .query((rs, n) -> {
                    BigDecimal maximum = plain(rs.getBigDecimal("attainable_maximum"));
                    Totals totals = new Totals(maximum, rs.getBigDecimal("self_points"), rs.getBigDecimal("appraised_points"),
                            rs.getBigDecimal("survey_points"), rs.getBigDecimal("deducted_points"));
                    return AssessmentSummaries.of(id, rs.getString("name"), Level.valueOf(rs.getString("level")),
                            new IndexSetCode(rs.getString("index_set")), Stage.valueOf(rs.getString("stage")), totals,
                            publication(rs), fields, leaves,
                            rs.getString("within_code") == null ? null : new UnitCode(rs.getString("within_code")));
                })
                .optional();
    }

    private static PublicationFacts publication(ResultSet rs) throws SQLException {
        String decision = rs.getString("published_decision");
        if (decision == null) return null;
        return new PublicationFacts(decision, rs.getObject("published_decided_on", LocalDate.class),
                plain(rs.getBigDecimal("published_index")), rs.getInt("published_rank"), rs.getInt("ranked_units"));
    }

    private static boolean above(BigDecimal points, BigDecimal maximum) {
        return points != null && points.compareTo(maximum) > 0;
    }

    private static BigDecimal nullablePlain(BigDecimal value) {
        return value == null ? null : plain(value);
    }
}
