package org.parledger.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load from wrk (Debian's package), a process of its own written in C: what the server answers when its clients do not
 * share its JVM. The in-process clients ({@link HttpLoad}) cost about as much CPU per request as the server does on
 * these two cores, so they measure the pair. Optional: without wrk on the PATH a benchmark says so and goes on.
 */
final class Wrk {
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|90|99)%\\s+([\\d.]+)(us|ms|s|m)\\s*$");
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([\\d.]+)\\s*$");
    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in .*$");
    private static final Pattern FAILED = Pattern.compile(
            "^\\s*(Non-2xx or 3xx responses|Socket errors|GraphQL errors):.*$|^.*\\.lua:\\d+:.*$");

    /** What one run saw: requests a second, latency percentiles in milliseconds, how many requests. */
    record Result(double perSecond, double p50, double p90, double p99, long requests) {
    }

    private final Path executable;

    private Wrk(Path executable) {
        this.executable = executable;
    }

    /** wrk from the PATH, if it is there. */
    static Optional<Wrk> find() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "wrk");
            if (Files.isExecutable(candidate)) return Optional.of(new Wrk(candidate));
        }
        return Optional.empty();
    }

    /**
     * POSTs {@code body} from {@code connections} connections (a wrk thread per core) for {@code length}. With a
     * {@code perSecond} above 0 each connection waits connections/perSecond before its next request (wrk's delay()),
     * about that rate in all; wrk times each request from when it is sent. A refused request (not 2xx, or a socket
     * error) fails the run: a rate of errors is no measurement.
     */
    Result post(String url, Map<String, String> headers, String body, int connections, Duration length, int perSecond)
            throws IOException, InterruptedException {
        StringBuilder script = script(headers);
        script.append("wrk.body = ").append(literal(body)).append('\n').append(pacing(connections, perSecond));
        return run(url, script, threads(connections), connections, length);
    }

    /** With a rate above 0: each connection waits connections/perSecond before its next request (wrk's delay()). */
    private static String pacing(int connections, int perSecond) {
        return perSecond <= 0 ? "" : "function delay() return " + Math.max(1, connections * 1000 / perSecond) + " end\n";
    }

    /** As many wrk threads as cores, and no more than connections. */
    static int threads(int connections) {
        return Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * POSTs GraphQL requests from {@code connections} connections as fast as they are answered, wrk thread t sending
     * the bodies of {@code bodies.get(t)} in turn (one list per thread, {@link #threads(int)} of them): writers that
     * must not share a stream get lists of their own. An answer with GraphQL errors fails the run, as a refused
     * request does: a refusal is answered with status 200.
     */
    Result postEach(String url, Map<String, String> headers, List<List<String>> bodies, int connections, Duration length)
            throws IOException, InterruptedException {
        if (bodies.size() != threads(connections)) throw new IllegalArgumentException("one list of bodies per wrk thread");
        StringBuilder script = script(headers);
        script.append("local bodies = {\n");
        for (List<String> mine : bodies) {
            script.append(" {");
            for (String body : mine) script.append(literal(body)).append(",\n");
            script.append("},\n");
        }
        script.append("}\n").append(countingFailures("GraphQL errors", "")).append("""
                function init(args)
                  mine = bodies[id]
                  n = 0
                  failed = 0
                end
                function request()
                  n = n % #mine + 1
                  return wrk.format(nil, nil, nil, mine[n])
                end
                function response(status, headers, body)
                  if string.find(body, '"errors"', 1, true) then failed = failed + 1 end
                end
                """);
        return run(url, script, bodies.size(), connections, length);
    }

    /**
     * GETs {@code url} (a GraphQL query in its query string) as {@link #post} POSTs, each answer required to have
     * {@code status} (e.g. 304 to an If-None-Match that still holds): any other fails the run.
     */
    Result get(String url, Map<String, String> headers, int status, int connections, Duration length, int perSecond)
            throws IOException, InterruptedException {
        StringBuilder script = script("GET", headers).append(pacing(connections, perSecond));
        script.append(countingFailures("Non-2xx or 3xx responses", " answers other than " + status)).append("""
                function init(args)
                  failed = 0
                end
                function response(status, headers, body)
                  if status ~= %d then failed = failed + 1 end
                end
                """.formatted(status));
        return run(url, script, threads(connections), connections, length);
    }

    /**
     * Lua for the wrk threads (each numbered in {@code id}) counting their failed answers in {@code failed}, which
     * init() and response() keep; done() reports the sum as a line {@link #parse} fails the run on.
     */
    private static String countingFailures(String report, String after) {
        return """
                local threads = {}
                function setup(thread)
                  table.insert(threads, thread)
                  thread:set("id", #threads)
                end
                function done(summary, latency, requests)
                  local failed = 0
                  for _, thread in ipairs(threads) do failed = failed + thread:get("failed") end
                  if failed > 0 then io.write(%s .. ": " .. failed .. %s .. "\\n") end
                end
                """.formatted(literal(report), literal(after));
    }

    private static StringBuilder script(Map<String, String> headers) {
        return script("POST", headers);
    }

    private static StringBuilder script(String method, Map<String, String> headers) {
        StringBuilder script = new StringBuilder("wrk.method = \"" + method + "\"\n");
        // "[ [=[" with a space: "[[" would open a long string of its own.
        headers.forEach((name, value) -> script.append("wrk.headers[ ").append(literal(name)).append(" ] = ")
                .append(literal(value)).append('\n'));
        return script;
    }

    private Result run(String url, CharSequence script, int threads, int connections, Duration length)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("wrk-", ".lua");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            // A slow answer is latency, not an error: wrk's own timeout (2 s) would drop it from the percentiles.
            List<String> command = List.of(executable.toString(), "-t" + threads, "-c" + connections, "-d" + length.toSeconds() + "s",
                    "--timeout", "30s", "--latency", "-s", file.toString(), url);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(length.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk failed:\n" + output);
            }
            return parse(output);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** wrk's --latency report, read; what it does not say fails. */
    static Result parse(String output) {
        double perSecond = -1;
        long requests = -1;
        double[] percentiles = {-1, -1, -1};
        List<String> failures = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m;
            if ((m = PERCENTILE.matcher(line)).matches()) {
                double value = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                    case "us" -> 0.001;
                    case "ms" -> 1;
                    case "s" -> 1000;
                    default -> 60_000;
                };
                percentiles[switch (m.group(1)) { case "50" -> 0; case "90" -> 1; default -> 2; }] = value;
            } else if ((m = RATE.matcher(line)).matches()) {
                perSecond = Double.parseDouble(m.group(1));
            } else if ((m = REQUESTS.matcher(line)).matches()) {
                requests = Long.parseLong(m.group(1));
            } else if (FAILED.matcher(line).matches()) {
                failures.add(line.strip());
            }
        }
        if (!failures.isEmpty()) throw new IllegalStateException("wrk saw failures: " + failures + "\n" + output);
        if (perSecond < 0 || requests <= 0 || percentiles[0] < 0 || percentiles[1] < 0 || percentiles[2] < 0) {
            throw new IllegalStateException("wrk's report is not as expected:\n" + output);
        }
        return new Result(perSecond, percentiles[0], percentiles[1], percentiles[2], requests);
    }

    /** A Lua long string: no escapes inside, so a JSON body goes in as it is. */
    private static String literal(String text) {
        String level = "=";
        while (text.contains("]" + level + "]")) level += "=";
        return "[" + level + "[" + text + "]" + level + "]";
    }
}
