package org.parledger.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parledger.ParLedgerApplication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each documented benchmark runs from this module's classpath, as its jar runs it, with its own profile but small
 * settings: it ends with status 0, prints its headline last and writes its results file (here under target/, not
 * docs/). The figures themselves are not checked: a test is no place for speed targets.
 */
class BenchmarksRunTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bench-writes  | writes   | writes:  | --parledger.benchmark.writes.warmup=1s --parledger.benchmark.writes.length=3s --parledger.benchmark.writes.ledger-events=5000",
            "bench-append  | append   | append:  | --parledger.benchmark.append.writers=4 --parledger.benchmark.append.events-per-writer=25",
            "bench-replay  | replay   | replay:  | --parledger.benchmark.replay.events=20000 --parledger.benchmark.replay.baseline-seconds=5",
            "bench-provincial | provincial | provincial: | --parledger.benchmark.provincial.provinces=2 --parledger.benchmark.provincial.departments=2 --parledger.benchmark.provincial.communes=3 --parledger.benchmark.provincial.rankings=5 --parledger.benchmark.provincial.threads=4",
            "bench-sheets | sheets | sheets: | --parledger.benchmark.sheets.provinces=3 --parledger.benchmark.sheets.clients=2",
            "bench-queries | queries  | reads:   | --parledger.benchmark.queries.years=2025 --parledger.benchmark.queries.warmup=5 --parledger.benchmark.queries.iterations=10 --parledger.benchmark.queries.steady-warmup=8 --parledger.benchmark.queries.steady-iterations=10 --parledger.benchmark.queries.load=1s"})
    void runsAndPrintsItsHeadlineLast(String profile, String name, String headline, String settings) throws Exception {
        Path results = Path.of("target/smoke-" + name + ".md").toAbsolutePath();
        Path output = Path.of("target/smoke-" + name + ".log").toAbsolutePath();
        Files.deleteIfExists(results);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"), ParLedgerApplication.class.getName(),
                "--spring.profiles.active=" + profile, "--parledger.benchmark." + name + ".results=" + results,
                "--parledger.embedded.data-dir=target/smoke-" + name + "-db"));
        command.addAll(List.of(settings.split(" ")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(process.waitFor(8, TimeUnit.MINUTES)).as("%s within 8 minutes", profile).isTrue();
        } finally {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(output).stream().filter(line -> !line.isBlank()).toList();
        assertThat(process.exitValue()).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).isZero();
        assertThat(lines.get(lines.size() - 1)).startsWith(headline.strip());
        // A measurement that measured nothing (a processor that never ran) shows as a zero rate or an infinite ratio.
        assertThat(lines).noneMatch(line -> line.contains("Infinity") || line.matches(".*: 0 events/s.*"));
        assertThat(results).exists();
        assertThat(Files.size(results)).as("the results file").isGreaterThan(200);
    }
}
