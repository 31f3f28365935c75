package org.parledger.bench;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The benchmarks' settings (parledger.benchmark.*). Each benchmark runs only when its profile (bench-writes,
 * bench-queries, ...) sets its {@code enabled}; the numbers below are what the documented command measures, and the
 * tests' smoke runs (BenchmarksRunTest) make them small.
 */
@ConfigurationProperties("parledger.benchmark")
record BenchmarkProperties(@DefaultValue Writes writes, @DefaultValue Append append, @DefaultValue Replay replay,
                           @DefaultValue Provincial provincial, @DefaultValue Sheets sheets,
                           @DefaultValue Queries queries) {

    /**
     * @param enabled      run the write benchmark (profile bench-writes)
     * @param warmup       writes before the measured ones, from the same clients
     * @param length       how long the writes are measured
     * @param ledgerEvents a ledger of about this many generated events first, its read model rebuilt (growth runs; 0: a
     *                     fresh ledger)
     * @param results      the results file written at the end
     */
    record Writes(boolean enabled, @DefaultValue("30s") Duration warmup, @DefaultValue("60s") Duration length,
                  @DefaultValue("0") long ledgerEvents, @DefaultValue("./docs/benchmarks/writes.md") Path results) {
    }

    /**
     * @param enabled         run the append benchmark (profile bench-append)
     * @param writers         concurrent writers appending to streams of their own
     * @param eventsPerWriter events each writer appends, with the hash chain and without
     * @param results         the results file written at the end
     */
    record Append(boolean enabled, @DefaultValue("32") int writers, @DefaultValue("300") int eventsPerWriter,
                  @DefaultValue("./docs/benchmarks/append.md") Path results) {
    }

    /**
     * @param enabled         run the replay benchmark (profile bench-replay)
     * @param events          the generated ledger's size
     * @param baselineSeconds how long each of Axon's processors (tracking, then pooled) is measured
     * @param results         the results file written at the end
     */
    record Replay(boolean enabled, @DefaultValue("1000000") long events, @DefaultValue("30") int baselineSeconds,
                  @DefaultValue("./docs/benchmarks/replay.md") Path results) {
    }

    /**
     * @param enabled     run the provincial rounds benchmark (profile bench-provincial)
     * @param provinces   provinces running rounds of their own
     * @param departments departments each province scores
     * @param communes    communes each province scores
     * @param threads     concurrent clients sending the commands
     * @param year        the year of every round
     * @param rankings    rankings within a province read after the rounds, timed one by one
     * @param results     the results file written at the end
     */
    record Provincial(boolean enabled, @DefaultValue("34") int provinces, @DefaultValue("20") int departments,
                      @DefaultValue("97") int communes, @DefaultValue("16") int threads, @DefaultValue("2026") int year,
                      @DefaultValue("200") int rankings,
                      @DefaultValue("./docs/benchmarks/provincial-rounds.md") Path results) {
    }

    /**
     * @param enabled   run the score sheet benchmark (profile bench-sheets)
     * @param provinces provinces, each importing one sheet of its self-assessment
     * @param clients   concurrent clients importing
     * @param results   the results file written at the end
     */
    record Sheets(boolean enabled, @DefaultValue("63") int provinces, @DefaultValue("16") int clients,
                  @DefaultValue("./docs/benchmarks/sheets.md") Path results) {
    }

    /**
     * @param enabled          run the query benchmark (profile bench-queries)
     * @param years            the national data set's years
     * @param warmup           requests of each query before its timed ones, one client
     * @param iterations       timed requests of each query, one client
     * @param steadyWarmup     requests before the steady-state timings
     * @param steadyIterations timed requests in the steady state
     * @param load             how long each query is loaded from 32 connections (saturated, then paced)
     * @param results          the results file written at the end
     */
    record Queries(boolean enabled,
                   @DefaultValue({"2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"}) List<Integer> years,
                   @DefaultValue("50") int warmup, @DefaultValue("300") int iterations,
                   @DefaultValue("2000") int steadyWarmup, @DefaultValue("1000") int steadyIterations,
                   @DefaultValue("20s") Duration load, @DefaultValue("./docs/benchmarks/queries.md") Path results) {
    }
}
