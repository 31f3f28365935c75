package org.parledger.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * 32 clients in this process, each on an HTTP/1.1 connection of its own, for the benchmarks' loads: closed (each sends
 * its next request when the last is answered) or at a fixed rate (each request at its appointed time, timed from it,
 * so that a server falling behind is seen as such). They share the machine's cores with the server and PostgreSQL.
 */
final class HttpLoad {
    static final int CLIENTS = 32;

    private HttpLoad() {
    }

    /** The request a client sends the n-th time. */
    interface Requests {
        HttpRequest next(int client, long n);
    }

    /** Requests answered, in how long, and each one's time in milliseconds. */
    record Load(long answered, double seconds, double[] millis) {
        double perSecond() {
            return answered / seconds;
        }

        double percentile(int p) {
            return HttpLoad.percentile(millis, p);
        }
    }

    static Load closedLoop(Duration length, Requests requests) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        return clients((client, index, times) -> {
            for (long n = 0; System.nanoTime() < end; n++) {
                long t = System.nanoTime();
                check(client.send(requests.next(index, n), HttpResponse.BodyHandlers.ofString()));
                times.add((System.nanoTime() - t) / 1e6);
            }
        });
    }

    static Load fixedRate(int perSecond, Duration length, Requests requests) throws InterruptedException {
        long start = System.nanoTime() + 50_000_000L;
        long every = 1_000_000_000L * CLIENTS / perSecond;
        long count = length.toNanos() / every;
        return clients((client, index, times) -> {
            for (long n = 0; n < count; n++) {
                long due = start + n * every + index * every / CLIENTS;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                check(client.send(requests.next(index, n), HttpResponse.BodyHandlers.ofString()));
                times.add((System.nanoTime() - due) / 1e6);
            }
        });
    }

    /** An answer with errors (or not 200) ends the run: a benchmark of refusals measures nothing. */
    static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
            throw new IllegalStateException("request failed: " + response.body());
        }
    }

    /** A text as a JSON string (a GraphQL document or variable in a request body). */
    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private interface Client {
        void run(HttpClient client, int index, List<Double> times) throws Exception;
    }

    private static Load clients(Client body) throws InterruptedException {
        List<List<Double>> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long begun = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            List<Double> times = new ArrayList<>();
            all.add(times);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int index = c;
            Thread thread = new Thread(() -> {
                try {
                    body.run(client, index, times);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-client-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        if (failure.get() != null) throw new IllegalStateException("a client failed", failure.get());
        double seconds = (System.nanoTime() - begun) / 1e9;
        double[] millis = all.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
        return new Load(millis.length, seconds, millis);
    }
}
