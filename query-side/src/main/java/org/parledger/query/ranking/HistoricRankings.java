package org.parledger.query.ranking;

import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.Totals;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.IndexSetHistory;
import org.parledger.api.ranking.AssessmentSummary;
import org.parledger.api.ranking.FieldStanding;
import org.parledger.api.ranking.Ranking;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.ranking.ScoreStage;
import org.parledger.api.unit.PredecessorsTakenOver;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.api.unit.RegionAssigned;
import org.parledger.api.unit.UnitRenamed;
import org.parledger.query.history.LedgerHistory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rankings and assessments as the ledger stood at an instant, rebuilt from the events stored up to then:
 * the scores, the index set's rules with the corrections made by then, the units' names and lineage. The
 * read model only says which streams to read; it holds no past figures.
 */
@Component
class HistoricRankings {
    private final JdbcClient jdbc;
    private final LedgerHistory history;

    HistoricRankings(JdbcClient jdbc, LedgerHistory history) {
        this.jdbc = jdbc;
        this.history = history;
    }

    /** A round's ranking (national: within null) as the ledger stood at an instant. */
    Ranking ranking(int year, Level level, ScoreStage stage, Instant asOf, UnitCode within) {
        Map<String, IndexSetDefinition> rules = new HashMap<>();
        Map<String, List<Object>> units = new HashMap<>();
        Function<String, List<Object>> unitEvents = code -> units.computeIfAbsent(code,
                c -> history.untilAtLeastCreated(StreamIds.unit(new UnitCode(c)), asOf));
        List<RankingEntry> current = ranked(year, level, stage, asOf, within, rules, unitEvents);
        LocalDate start = LocalDate.of(year - 1, 12, 31);
        LocalDate end = LocalDate.of(year, 12, 31);
        Map<String, List<String>> takenOver = new HashMap<>();
        for (RankingEntry entry : current) {
            List<String> predecessors = new ArrayList<>();
            for (Object event : unitEvents.apply(entry.unit().value())) {
                if (event instanceof PredecessorsTakenOver t && t.effectiveOn().isAfter(start) && !t.effectiveOn().isAfter(end)) {
                    t.predecessors().forEach(p -> predecessors.add(p.value()));
                }
            }
            predecessors.sort(null);
            takenOver.put(entry.unit().value(), predecessors);
        }
        YearChanges.Previous previous = YearChanges.previous(current, takenOver, within,
                ranked(year - 1, level, stage, asOf, within, rules, unitEvents),
                missing -> roundsOf(year - 1, level, missing, within),
                round -> ranked(year - 1, level, stage, asOf, round, rules, unitEvents));
        List<RankingEntry> entries = current.stream().map(entry -> entry.withChange(YearChanges.of(entry, year - 1,
                previous, takenOver.get(entry.unit().value())))).toList();
        return new Ranking(year, level, stage, entries, within);
    }

    Optional<AssessmentSummary> assessment(AssessmentId id, Instant asOf) {
        HistoricAssessment a = HistoricAssessment.fold(history.until(StreamIds.assessment(id), asOf));
        if (a == null) return Optional.empty();
        IndexSetDefinition set = rules(a.indexSet, asOf, new HashMap<>());
        HistoricAssessment.Figures f = a.figures(set);
        String name = nameAtEndOf(id.year(), history.untilAtLeastCreated(StreamIds.unit(id.unit()), asOf));
        return Optional.of(AssessmentSummaries.of(id, name, a.level, a.indexSet, a.stage, f.totals(), a.published,
                f.fields(), f.leaves(), a.within));
    }

    /** The other rounds in which these units were assessed at the level in the year (one statement; live answers too). */
    List<UnitCode> roundsOf(int year, Level level, java.util.Collection<String> units, UnitCode within) {
        return jdbc.sql("""
                        SELECT DISTINCT within_code FROM rv_assessment
                        WHERE year = :year AND level = :level AND unit_code IN (:units)
                          AND within_code IS DISTINCT FROM :within""")
                .param("year", year).param("level", level.name()).param("units", units)
                .param("within", within == null ? null : within.value())
                .query((rs, n) -> rs.getString(1) == null ? null : new UnitCode(rs.getString(1))).list();
    }

    /** A round's entries (the round an assessment is in is fixed when it is opened, so the read model names them). */
    private List<RankingEntry> ranked(int year, Level level, ScoreStage stage, Instant asOf, UnitCode within,
                                      Map<String, IndexSetDefinition> rules, Function<String, List<Object>> unitEvents) {
        List<String> units = jdbc.sql("""
                        SELECT unit_code FROM rv_assessment
                        WHERE year = :year AND level = :level AND within_code IS NOT DISTINCT FROM :within""")
                .param("year", year).param("level", level.name()).param("within", within == null ? null : within.value())
                .query(String.class).list();
        List<RankingEntry> entries = new ArrayList<>();
        for (String unit : units) {
            AssessmentId id = new AssessmentId(new UnitCode(unit), year);
            HistoricAssessment a = HistoricAssessment.fold(history.until(StreamIds.assessment(id), asOf));
            if (a == null || stage == ScoreStage.FINAL && a.published == null) continue;
            IndexSetDefinition set = rules(a.indexSet, asOf, rules);
            HistoricAssessment.Figures figures = a.figures(set);
            Totals totals = figures.totals();
            BigDecimal points = Indices.plain(stage == ScoreStage.SELF_ASSESSED ? totals.selfAssessedWithSurvey()
                    : totals.appraisedWithSurvey());
            BigDecimal maximum = Indices.plain(totals.attainableMaximum());
            BigDecimal index = Indices.index(points, maximum);
            List<FieldStanding> fields = figures.fields().stream().map(f -> {
                BigDecimal fieldPoints = Indices.plain((stage == ScoreStage.SELF_ASSESSED ? f.selfAssessed() : f.appraised())
                        .add(f.survey()));
                BigDecimal attainable = Indices.plain(figures.fieldAttainable().getOrDefault(f.code(), BigDecimal.ZERO));
                return new FieldStanding(f.code(), f.title(), fieldPoints, attainable, Indices.index(fieldPoints, attainable), 0);
            }).toList();
            List<Object> events = unitEvents.apply(unit);
            entries.add(new RankingEntry(0, null, id.unit(), nameAtEndOf(year, events), regionAtEndOf(year, events), index,
                    points, maximum, a.indexSet, set.classify(index), a.published, fields, null));
        }
        return Indices.rank(FieldStandings.rank(entries));
    }

    private IndexSetDefinition rules(IndexSetCode code, Instant asOf, Map<String, IndexSetDefinition> cache) {
        return cache.computeIfAbsent(code.value(), c -> {
            IndexSetDefinition rules = null;
            for (Object event : history.untilAtLeastCreated(StreamIds.indexSet(code), asOf)) rules = IndexSetHistory.fold(rules, event);
            return rules;
        });
    }

    /** The name the unit bore at the end of the year, by the renamings recorded so far. */
    private static String nameAtEndOf(int year, List<Object> unitEvents) {
        LocalDate end = LocalDate.of(year, 12, 31);
        String name = null;
        for (Object event : unitEvents) {
            if (event instanceof UnitRegistered r) name = r.name();
            if (event instanceof UnitRenamed r && !r.effectiveOn().isAfter(end)) name = r.name();
        }
        return name;
    }

    /**
     * The region the unit was in at the end of the year: of the assignments effective by then, the one from
     * the latest date (undated ones count as the earliest), and of those from the same date the last recorded.
     */
    private static String regionAtEndOf(int year, List<Object> unitEvents) {
        LocalDate end = LocalDate.of(year, 12, 31);
        String region = null;
        LocalDate from = LocalDate.MIN;
        for (Object event : unitEvents) {
            if (!(event instanceof RegionAssigned r)) continue;
            LocalDate effective = r.effectiveOn() == null ? LocalDate.MIN : r.effectiveOn();
            if (effective.isAfter(end) || effective.isBefore(from)) continue;
            region = r.region();
            from = effective;
        }
        return region;
    }
}
