package org.parledger.query.sheet;

import graphql.GraphQLContext;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.common.Level;
import org.parledger.api.ranking.FieldStanding;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.Ranking;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.ranking.ScoreStage;
import org.parledger.api.ranking.YearChange;
import org.parledger.query.support.ReadAccess;
import org.parledger.query.support.Rounds;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ranking as a table for newspapers' data desks and for Excel: one row per unit in rank order, with its code, name,
 * region, index, points, attainable maximum, band, each field's sub-index and rank, and the change against the previous
 * year. Indices are rounded to two decimals as published (half up); ranks are those of the exact indices. CSV is UTF-8
 * with a byte-order mark (so that Excel reads the Vietnamese names); XLSX has typed cells (numbers as numbers).
 */
@Controller
class RankingExports {
    private final QueryGateway queries;

    RankingExports(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    String rankingExport(@Argument int year, @Argument Level level, @Argument ScoreStage stage, @Argument String within,
                         @Argument Tables.Format format, GraphQLContext context) {
        if (stage != ScoreStage.FINAL) ReadAccess.requireWorkingFigures(context, null, within, "stage", "the ranking at stage " + stage);
        Ranking ranking = queries.query(new FindRanking(year, level, stage, null, null, Rounds.of(level, within)),
                ResponseTypes.instanceOf(Ranking.class)).join();
        return new Tables(table(ranking)).as(format, year + " " + level, 3);
    }

    /** The header row, then one row per entry; a cell is a String, a BigDecimal, an Integer or null. */
    static List<List<Object>> table(Ranking ranking) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (RankingEntry entry : ranking.entries()) for (FieldStanding f : entry.fields()) fields.putIfAbsent(f.code(), f.title());
        List<Object> header = new ArrayList<>(List.of("Rank", "Unit code", "Unit name", "Region", "Index", "Points",
                "Attainable maximum", "Classification"));
        fields.keySet().forEach(code -> {
            header.add("Field " + code + " index");
            header.add("Field " + code + " rank");
        });
        header.addAll(List.of("Previous year", "Previous index", "Index change", "Rank change", "Compared with"));
        List<List<Object>> rows = new ArrayList<>();
        rows.add(header);
        for (RankingEntry e : ranking.entries()) {
            List<Object> row = new ArrayList<>(List.of(e.rank(), e.unit().value(), e.unitName()));
            row.add(e.region());
            row.add(Tables.rounded(e.index()));
            row.add(e.points());
            row.add(e.attainableMaximum());
            row.add(e.classification());
            for (String code : fields.keySet()) {
                FieldStanding f = e.fields().stream().filter(s -> s.code().equals(code)).findFirst().orElse(null);
                row.add(f == null ? null : Tables.rounded(f.index()));
                row.add(f == null ? null : f.rank());
            }
            YearChange c = e.change();
            row.add(c == null ? null : c.previousYear());
            row.add(c == null ? null : Tables.rounded(c.previousIndex()));
            row.add(c == null ? null : Tables.rounded(c.indexChange()));
            row.add(c == null ? null : c.rankChange());
            row.add(c == null ? null : c.basis() + " " + c.comparedWith().stream().map(u -> u.value()).toList());
            rows.add(row);
        }
        return rows;
    }
}
