package org.parledger.query.ranking;

import org.parledger.api.ranking.FieldStanding;
import org.parledger.api.ranking.RankOrder;
import org.parledger.api.ranking.RankingEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ranks the entries of a ranking field by field, by each field's sub-index. */
final class FieldStandings {
    private FieldStandings() {
    }

    static List<RankingEntry> rank(List<RankingEntry> entries) {
        Set<String> fields = new LinkedHashSet<>();
        entries.forEach(e -> e.fields().forEach(f -> fields.add(f.code())));
        Map<String, Map<String, Integer>> ranks = new HashMap<>();
        for (String field : fields) {
            record Standing(String unit, FieldStanding standing) {
            }
            List<Standing> standings = new ArrayList<>();
            for (RankingEntry entry : entries) {
                entry.fields().stream().filter(f -> f.code().equals(field)).findFirst()
                        .ifPresent(f -> standings.add(new Standing(entry.unit().value(), f)));
            }
            RankOrder.rank(standings, s -> s.standing().index(), Standing::unit).forEach(ranked ->
                    ranks.computeIfAbsent(ranked.item().unit(), k -> new HashMap<>()).put(field, ranked.rank()));
        }
        return entries.stream().map(e -> e.withFields(e.fields().stream()
                .map(f -> f.withRank(ranks.get(e.unit().value()).get(f.code()))).toList())).toList();
    }
}
