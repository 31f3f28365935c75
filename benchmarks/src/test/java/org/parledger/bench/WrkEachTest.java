package org.parledger.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The write benchmark's wrk scripts, run by wrk itself against a small server: every thread sends its own bodies, all
 * of them, and an answer carrying GraphQL errors (status 200) fails the run; a GET whose answer has another status
 * than the one asked for (304) fails it too. Needs wrk (CI installs it).
 */
class WrkEachTest {

    @Test
    void eachThreadSendsItsOwnBodiesAndGraphQlErrorsFailTheRun() throws Exception {
        assumeThat(Wrk.find()).as("wrk on the PATH").isPresent();
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicReference<String> answer = new AtomicReference<>("{\"data\":{\"recordSelfScore\":{\"version\":1}}}");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/graphql", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/graphql";
            Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Basic dGVzdDp0ZXN0");
            List<List<String>> bodies = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int t = 0; t < Wrk.threads(4); t++) {
                // JSON with quotes and a "]]" that a plain Lua long string would end at.
                List<String> mine = List.of("{\"t\":" + t + ",\"n\":0,\"x\":\"]]\"}", "{\"t\":" + t + ",\"n\":1}", "{\"t\":" + t + ",\"n\":2}");
                bodies.add(mine);
                mine.forEach(body -> expected.add("POST Basic dGVzdDp0ZXN0 " + body));
            }
            Wrk.Result result = Wrk.find().orElseThrow().postEach(url, headers, bodies, 4, Duration.ofSeconds(1));
            assertThat(result.requests()).isGreaterThan(expected.size());
            assertThat(received).containsExactlyInAnyOrderElementsOf(expected);

            answer.set("{\"errors\":[{\"message\":\"refused\"}],\"data\":{\"recordSelfScore\":null}}");
            assertThatThrownBy(() -> Wrk.find().orElseThrow().postEach(url, headers, bodies, 4, Duration.ofSeconds(1)))
                    .hasMessageContaining("GraphQL errors: ");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void getRequiresEveryAnswerToHaveTheStatusAskedFor() throws Exception {
        assumeThat(Wrk.find()).as("wrk on the PATH").isPresent();
        Set<String> received = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(304);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/graphql", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getQuery() + " "
                    + exchange.getRequestHeaders().getFirst("If-None-Match"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/graphql?query=%7B__typename%7D";
            Map<String, String> headers = Map.of("If-None-Match", "\"abc\"");
            Wrk.Result result = Wrk.find().orElseThrow().get(url, headers, 304, 4, Duration.ofSeconds(1), 0);
            assertThat(result.requests()).isPositive();
            assertThat(received).containsExactly("GET query={__typename} \"abc\"");

            status.set(200);
            assertThatThrownBy(() -> Wrk.find().orElseThrow().get(url, headers, 304, 4, Duration.ofSeconds(1), 0))
                    .hasMessageContaining("Non-2xx or 3xx responses: ").hasMessageContaining("answers other than 304");
        } finally {
            server.stop(0);
        }
    }
}
