package org.parledger.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query benchmark reads wrk's report: its units, and a run with refused requests is no measurement. */
class WrkTest {
    private static final String REPORT = """
            Running 20s test @ http://127.0.0.1:18080/graphql
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     4.10ms    4.71ms  62.98ms   88.12%
                Req/Sec     4.67k   512.33     5.80k    71.25%
              Latency Distribution
                 50%  P50
                 75%    4.81ms
                 90%    9.01ms
                 99%   P99
              185881 requests in 20.00s, 6.23GB read
            EXTRARequests/sec:   9293.96
            Transfer/sec:    318.91MB
            """;

    private static String report(String p50, String p99, String extra) {
        return REPORT.replace("P50", p50).replace("P99", p99).replace("EXTRA", extra);
    }

    @Test
    void readsRateAndPercentilesInMilliseconds() {
        Wrk.Result result = Wrk.parse(report("839.00us", "1.02s", ""));
        assertThat(result.perSecond()).isEqualTo(9293.96);
        assertThat(result.requests()).isEqualTo(185881);
        assertThat(result.p50()).isCloseTo(0.839, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.p90()).isEqualTo(9.01);
        assertThat(result.p99()).isEqualTo(1020.0);
    }

    @Test
    void refusedRequestsFailTheRun() {
        assertThatThrownBy(() -> Wrk.parse(report("2.93ms", "17.34ms", "  Non-2xx or 3xx responses: 12\n")))
                .hasMessageContaining("Non-2xx or 3xx responses: 12");
        assertThatThrownBy(() -> Wrk.parse(report("2.93ms", "17.34ms", "  Socket errors: connect 0, read 3, write 0, timeout 0\n")))
                .hasMessageContaining("Socket errors");
        // A script wrk could not read: it then sends plain GETs, which the server refuses.
        assertThatThrownBy(() -> Wrk.parse(report("2.93ms", "17.34ms", "/tmp/wrk-1.lua: /tmp/wrk-1.lua:2: unexpected symbol near '='\n")))
                .hasMessageContaining("unexpected symbol");
    }

    @Test
    void aReportWithoutItsFiguresFails() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .hasMessageContaining("not as expected");
    }
}
