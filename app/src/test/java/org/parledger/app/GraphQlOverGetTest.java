package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * Queries over GET (GraphQL over HTTP): the same answers as over POST, with an ETag that a reader sends back to be told
 * 304 while nothing changed; mutations and subscriptions are never executed from a GET.
 */
@LedgerIntegrationTest
class GraphQlOverGetTest {
    private static final String RANKING = """
            query($year: Int!) { rankings(year: $year, level: MINISTRY) { entries { rank unitCode points } } }""";
    private static final Map<String, Object> YEAR = Map.of("year", 2036);
    private static final String REGISTER = """
            mutation($code: ID!, $name: String!) { registerUnit(input: {code: $code, name: $name, level: MINISTRY}) { stream } }""";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aRankingOverGetIsThePostAnswerWithAnEtagThatAnswers304UntilItChanges() {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("IT-GET").replace("level: PROVINCE", "level: MINISTRY")
                .replace("fromYear: 2024", "fromYear: 2036").replace("toYear: 2026", "toYear: 2036")));
        for (int i = 1; i <= 2; i++) {
            admin.data(REGISTER, Map.of("code", "GET-" + i, "name", "Bộ Đọc " + i));
            Scoring.score(admin, "GET-" + i, 2036, "IT-GET", Map.of("1.1", String.valueOf(i)), "5", null);
        }
        Scoring.awaitProjected(admin);
        GraphQlClient reader = new GraphQlClient(port).as("get-inspector", "INSPECTOR");
        // Asked twice, nothing changed in between: the second time 304, no body, the same ETag.
        HttpResponse<String> first = reader.get(RANKING, YEAR);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(GraphQlClient.json(first.body()).at("/data/rankings/entries").size()).isEqualTo(2);
        HttpResponse<String> again = reader.get(RANKING, YEAR, "If-None-Match", first.headers().firstValue("ETag").orElseThrow());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(GraphQlClient.json(first.body()).get("data")).isEqualTo(reader.data(RANKING, YEAR));
        // A signed-in person's answers are kept by no cache (a shared computer); published figures may be, revalidated.
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        assertThat(new GraphQlClient(port).get("{ __typename }", null).headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(reader.get(RANKING, YEAR, "If-None-Match", "\"someone-elses\"").statusCode()).isEqualTo(200);

        // A change elsewhere in the read model (a unit with no assessment this year) makes the kept answer stale: it is
        // executed again, says the same, and has the same ETag.
        admin.data(REGISTER, Map.of("code", "GET-OTHER", "name", "Bộ Khác"));
        Scoring.awaitProjected(admin);
        assertThat(reader.get(RANKING, YEAR, "If-None-Match", etag).statusCode()).isEqualTo(304);

        // A change: the old ETag no longer matches, and the new answer shows it.
        admin.as("appraiser-snv", "APPRAISER", "SNV").data(APPRAISE, Map.of("unit", "GET-1", "year", 2036,
                "criterion", "1.1", "points", "4", "reason", "Xem xét lại"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.get(RANKING, YEAR, "If-None-Match", etag).statusCode() == 200);
        HttpResponse<String> changed = reader.get(RANKING, YEAR, "If-None-Match", etag);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(changed.body()).isNotEqualTo(first.body());
        assertThat(GraphQlClient.json(changed.body()).get("data")).isEqualTo(reader.data(RANKING, YEAR));

        // Signed in, GET answers as POST does; a wrong password is refused before GraphQL.
        HttpResponse<String> signedIn = admin.get("query($u: ID!) { journey(unit: $u, year: 2036) { unitCode } }", Map.of("u", "GET-2"));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        assertThat(GraphQlClient.json(signedIn.body()).at("/data/journey/unitCode").asString()).isEqualTo("GET-2");
        assertThat(new GraphQlClient(port).withAuthorization(GraphQlClient.basic("nobody", "wrong")).get(RANKING, YEAR).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aMutationOrSubscriptionSentWithGetIsRefused405AndNothingIsRecorded() {
        GraphQlClient admin = GraphQlClient.admin(port);
        long before = events();
        HttpResponse<String> mutation = admin.get(REGISTER, Map.of("code", "GET-M", "name", "Bộ Không"));
        assertRefused(mutation, 405, "query");
        assertThat(mutation.headers().firstValue("Allow")).hasValue("POST");
        // The operation that would run decides: one chosen by name, or any of several when none is named.
        String both = "query Read { rankings(year: 2036, level: MINISTRY) { entries { rank } } } "
                + "mutation Write { registerUnit(input: {code: \"GET-N\", name: \"Bộ\", level: MINISTRY}) { stream } }";
        assertRefused(admin.getWith("query=" + encode(both) + "&operationName=Write"), 405, "query");
        assertRefused(admin.getWith("query=" + encode(both)), 405, "query");
        assertThat(admin.getWith("query=" + encode(both) + "&operationName=Read").statusCode()).isEqualTo(200);
        assertRefused(admin.get("subscription { rankingChanged(year: 2036, level: MINISTRY) { year } }", null), 405, "query");
        // Methods /graphql does not answer: 405 naming those it does (before: 404, as if there were nothing there).
        HttpResponse<String> put = admin.exchangeWith("PUT", "{\"query\":\"mutation { registerUnit(input: {code: \\\"GET-P\\\", "
                + "name: \\\"Bộ\\\", level: MINISTRY}) { stream } }\"}");
        assertRefused(put, 405, "method");
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, OPTIONS");
        assertRefused(admin.exchangeWith("DELETE", null), 405, "method");
        // OPTIONS names them too (it was 404 NOT_FOUND); a foreign page's preflight learns nothing that lets it in.
        HttpResponse<String> options = admin.exchangeWith("OPTIONS", null);
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, OPTIONS");
        HttpResponse<String> preflight = admin.withHeader("Origin", "https://elsewhere.example")
                .withHeader("Access-Control-Request-Method", "POST").exchangeWith("OPTIONS", null);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(preflight.headers().toString()).isEmpty();
        assertThat(events()).isEqualTo(before);
        assertThat(admin.execute("{ unit(code: \"GET-M\") { code } }", Map.of()).at("/data/unit").isNull()).isTrue();
    }

    @Test
    void malformedGetRequestsGetTypedErrorsNamingTheParameter() {
        GraphQlClient reader = new GraphQlClient(port);
        assertRefused(reader.getWith("variables=%7B%7D"), 400, "query");
        assertRefused(reader.getWith("query=%20%20"), 400, "query");
        assertRefused(reader.getWith("query=" + encode(RANKING) + "&variables=%5B1%5D"), 400, "variables");
        assertRefused(reader.getWith("query=" + encode(RANKING) + "&variables=%7B%22year"), 400, "variables");
        assertRefused(reader.getWith("query=" + encode(RANKING) + "&extensions=42"), 400, "extensions");
        // A document that does not parse (here a NUL in it) is GraphQL's to refuse, as over POST.
        HttpResponse<String> nul = reader.getWith("query=%7B%20rankings%00%20%7D");
        assertThat(nul.body()).isEqualTo(reader.send("{ rankings\u0000 }", Map.of()).body());
        assertThat(GraphQlClient.json(nul.body()).at("/errors/0/message").asString()).isNotEmpty();
        // A variable the query lacks is answered as over POST: an error, nothing run.
        HttpResponse<String> missing = reader.get(RANKING, null);
        assertThat(GraphQlClient.json(missing.body()).at("/errors/0/message").asString()).contains("year");
    }

    /**
     * A POST body GraphQL cannot read as a request was Spring's HTTP error ("Bad Request", no field); an operation name
     * the document does not hold was an HTTP 500 with an ERROR in the log (graphql-java's error has no locations).
     */
    @Test
    void malformedPostBodiesGetTypedErrorsNamingThePart() {
        GraphQlClient reader = new GraphQlClient(port);
        assertRefused(reader.exchangeWith("POST", "{\"query\": "), 400, "body");
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\"} and more"), 400, "body");
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\",\"variables\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}"), 400, "body");
        assertRefused(reader.exchangeWith("POST", "{}"), 400, "query");
        assertRefused(reader.exchangeWith("POST", "{\"query\":null}"), 400, "query");
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\",\"variables\":[1]}"), 400, "variables");
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\",\"variables\":\"x\"}"), 400, "variables");
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\",\"extensions\":[]}"), 400, "extensions");
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\",\"operationName\":{}}"), 400, "operationName");
        // A key given twice means one thing to a reader that keeps the first and another to one that keeps the last.
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\",\"query\":\"mutation { x }\"}"), 400, "body");
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"query($a: Int) { __typename }\",\"variables\":{\"a\":1,\"a\":2}}"), 400, "body");
        assertRefused(reader.getWith("query=" + encode("query($a: Int) { __typename }") + "&variables=" + encode("{\"a\":1,\"a\":2}")), 400, "variables");
        for (HttpResponse<String> unknown : List.of(
                reader.exchangeWith("POST", "{\"query\":\"{ __typename }\",\"operationName\":\"Elsewhere\"}"),
                reader.exchangeWith("POST", "{\"query\":\"query A { __typename } query B { __typename }\"}"),
                reader.getWith("query=" + encode("{ __typename }") + "&operationName=Elsewhere"))) {
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(200);
            JsonNode error = GraphQlClient.json(unknown.body()).at("/errors/0");
            assertThat(error.at("/extensions/code").asString()).as(unknown.body()).isEqualTo("INVALID_ARGUMENT");
            assertThat(error.at("/extensions/field").asString()).isEqualTo("operationName");
        }
        assertThat(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\",\"variables\":null}").body())
                .isEqualTo("{\"data\":{\"__typename\":\"Query\"}}");
    }

    @Test
    void whatIsRefusedOutsideGraphQlIsJsonWithACodeToo() {
        GraphQlClient reader = new GraphQlClient(port);
        // Longer than Tomcat takes in a request line (8 KB): refused by Tomcat before the application, without its page.
        HttpResponse<String> tooLong = reader.getWith("query=" + encode("{ __typename " + "a".repeat(100_000) + " }"));
        GraphQlClient.assertHttpRefusal(tooLong, 400, "INVALID_ARGUMENT", null);
        assertThat(tooLong.body()).doesNotContain("<", "Tomcat");
        // A query string that is not UTF-8: refused naming it (it was Spring's error answer, after an ERROR in the log).
        assertRefused(reader.getWith("query=%7B__typename%7D%FF%FE"), 400, "queryString");
        assertRefused(reader.getWith("query=%7B__typename%7D&variables=%C3%28"), 400, "queryString");
        assertRefused(reader.exchangeWith("POST", "{\"query\":\"{ __typename }\"}", "?x=%FF"), 400, "queryString");
        // Elsewhere too (it was a 400 after an ERROR with its stack in the log wherever a parameter was read first).
        for (String path : List.of("/actuator/health?x=%FF", "/evidence/abc?name=%C3%28", "/?q=%FE")) {
            GraphQlClient.assertHttpRefusal(reader.getPath(path), 400, "INVALID_ARGUMENT", "queryString");
        }
        assertThat(reader.getPath("/actuator/health?x=%C3%A9").statusCode()).isEqualTo(200);
        // A path that does not exist, and a wrong password: Spring's error answer, in the same shape whatever the client
        // accepts (a browser got Spring's whitelabel HTML page; a client that accepts neither an empty 406).
        for (String accept : List.of("application/json", "text/html", "image/png")) {
            GraphQlClient.assertHttpRefusal(new GraphQlClient(port).withHeader("Accept", accept).getNowhere(), 404, "NOT_FOUND", null);
        }
        GraphQlClient.assertHttpRefusal(new GraphQlClient(port).withAuthorization(GraphQlClient.basic("nobody", "wrong"))
                .withHeader("Accept", "text/html").getNowhere(), 401, "UNAUTHENTICATED", null);
        // A POST that is not JSON, or that accepts no answer GraphQL gives: typed, where they were an empty 415 before.
        HttpResponse<String> plain = reader.withHeader("Content-Type", "text/plain").exchangeWith("POST", "{ __typename }");
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(GraphQlClient.json(plain.body()).at("/errors/0/extensions/code").asString()).as(plain.body()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(GraphQlClient.json(plain.body()).at("/errors/0/extensions/field").asString()).isEqualTo("Content-Type");
        for (String unreadable : List.of("", "garbage", ";;;")) {
            HttpResponse<String> refused = reader.withHeader("Content-Type", unreadable).exchangeWith("POST", "{}");
            assertThat(refused.statusCode()).as(unreadable).isEqualTo(415);
            assertThat(GraphQlClient.json(refused.body()).at("/errors/0/extensions/field").asString()).isEqualTo("Content-Type");
        }
        for (String unreadable : List.of("///", "garbage")) {
            HttpResponse<String> refused = reader.withHeader("Accept", unreadable).exchangeWith("POST", "{\"query\":\"{ __typename }\"}");
            assertThat(refused.statusCode()).as(unreadable).isEqualTo(406);
            assertThat(GraphQlClient.json(refused.body()).at("/errors/0/extensions/field").asString()).isEqualTo("Accept");
        }
        HttpResponse<String> html = reader.withHeader("Accept", "text/html").exchangeWith("POST", "{\"query\":\"{ __typename }\"}");
        assertThat(html.statusCode()).isEqualTo(406);
        assertThat(GraphQlClient.json(html.body()).at("/errors/0/extensions/field").asString()).as(html.body()).isEqualTo("Accept");
        for (String accepted : List.of("application/graphql-response+json", "application/*", "text/html, */*;q=0.1")) {
            HttpResponse<String> answered = reader.withHeader("Accept", accepted).exchangeWith("POST", "{\"query\":\"{ __typename }\"}");
            assertThat(answered.statusCode()).as(accepted).isEqualTo(200);
            assertThat(answered.body()).contains("Query");
        }
        // HEAD: the headers a GET would have, its ETag among them, and no body.
        HttpResponse<String> head = reader.exchangeWith("HEAD", null, "?query=" + encode("{ __typename }"));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("ETag")).isEqualTo(reader.get("{ __typename }", null).headers().firstValue("ETag"));
        assertThat(head.body()).isEmpty();
        // And the server goes on answering.
        assertThat(reader.get("{ __typename }", null).statusCode()).isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = GraphQlClient.json(response.body()).at("/errors/0");
        assertThat(error.at("/extensions/code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.at("/extensions/field").asString()).isEqualTo(field);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }
}
