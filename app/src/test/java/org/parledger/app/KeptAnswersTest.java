package org.parledger.app;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * A ranking request asked again while nothing changed is answered with the answer kept for it, not executed again;
 * any change to the read model makes the next answer fresh; answers are never shared between people, and documents
 * that ask for more than rankings, as of an instant, or after a write are always executed.
 */
@LedgerIntegrationTest
class KeptAnswersTest {
    private static final String RANKING = """
            query($year: Int!) { rankings(year: $year, level: MINISTRY) { entries { rank unitCode points } } }""";
    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;

    @Test
    void anUnchangedRankingIsAnsweredFromTheKeptAnswerAndAChangeRenewsIt() {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("IT-KEPT").replace("level: PROVINCE", "level: MINISTRY")
                .replace("fromYear: 2024", "fromYear: 2031").replace("toYear: 2026", "toYear: 2032")));
        for (int i = 1; i <= 3; i++) {
            admin.data("mutation($code: ID!, $name: String!) { registerUnit(input: {code: $code, name: $name, level: MINISTRY}) { stream } }",
                    Map.of("code", "KEPT-" + i, "name", "Bộ " + i));
            Scoring.score(admin, "KEPT-" + i, 2031, "IT-KEPT", Map.of("1.1", String.valueOf(i)), "5", null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.data(RANKING, Map.of("year", 2031)).at("/rankings/entries").size() == 3);
        Scoring.awaitProjected(admin);

        JsonNode first = askedTwiceOnceExecuted(() -> admin.data(RANKING, Map.of("year", 2031)));

        // Someone else asking the same is answered with an answer of their own.
        GraphQlClient inspector = new GraphQlClient(port).as("kept-inspector", "INSPECTOR");
        double reused = reused();
        assertThat(inspector.data(RANKING, Map.of("year", 2031))).isEqualTo(first);
        assertThat(reused() - reused).isZero();

        // A change: the next answer shows it.
        admin.as("appraiser-snv", "APPRAISER", "SNV").data(APPRAISE, Map.of("unit", "KEPT-1", "year", 2031,
                "criterion", "1.1", "points", "4", "reason", "Xem xét lại"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.data(RANKING, Map.of("year", 2031)).equals(first));
        JsonNode changed = admin.data(RANKING, Map.of("year", 2031));
        assertThat(changed.toString()).contains("\"unitCode\":\"KEPT-1\"");
        assertThat(changed).isNotEqualTo(first);

        // An audit-trail page is kept too, and a new entry renews it.
        String page = "query($u: ID!) { auditTrail(unit: $u, year: 2031, first: 500) { edges { node { sequence kind } } } }";
        JsonNode trail = askedTwiceOnceExecuted(() -> admin.data(page, Map.of("u", "KEPT-2")));
        admin.as("appraiser-snv", "APPRAISER", "SNV").data(APPRAISE, Map.of("unit", "KEPT-2", "year", 2031,
                "criterion", "1.1", "points", "1", "reason", "Xem xét lại"));
        int entries = trail.at("/auditTrail/edges").size();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.data(page, Map.of("u", "KEPT-2")).at("/auditTrail/edges").size() == entries + 1);

        // More than these fields, or waiting for a write: executed every time.
        reused = reused();
        String more = "query($year: Int!) { rankings(year: $year, level: MINISTRY) { entries { rank } } unit(code: \"KEPT-1\") { code } }";
        admin.data(more, Map.of("year", 2031));
        admin.data(more, Map.of("year", 2031));
        String waiting = "query($year: Int!) { rankings(year: $year, level: MINISTRY, consistentWith: 1) { entries { rank } } }";
        admin.data(waiting, Map.of("year", 2031));
        admin.data(waiting, Map.of("year", 2031));
        assertThat(reused() - reused).isZero();
    }

    /**
     * The answer, asked for twice in a row: the second time from the kept answer. Projections other than the one the
     * test waited for may still commit the last writes, and every commit rightly makes kept answers stale, so this asks
     * again until two answers in a row meet an unchanged read model (and fails if they never do).
     */
    private JsonNode askedTwiceOnceExecuted(Supplier<JsonNode> ask) {
        AtomicReference<JsonNode> kept = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode first = ask.get();
            double reused = reused();
            assertThat(ask.get()).isEqualTo(first);
            assertThat(reused() - reused).as("answered from the kept answer").isEqualTo(1);
            kept.set(first);
        });
        return kept.get();
    }

    private double reused() {
        var counter = meters.find("parledger.answers.reused").counter();
        return counter == null ? 0 : counter.count();
    }
}
