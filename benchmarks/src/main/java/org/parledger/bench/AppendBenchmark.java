package org.parledger.bench;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Provenance;
import org.parledger.api.common.Role;
import org.parledger.api.unit.UnitCode;
import org.parledger.app.integrity.EventChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The append path with and without the hash chain, in one run on one database: writers each append self-scores to a
 * stream of their own, one event per durable transaction, as commands do; first without the chain, then with it
 * (new streams each time). Prints both rates and, last, the chain's share. See README, "Benchmarks".
 */
@Component
@ConditionalOnProperty(name = "parledger.benchmark.append.enabled", havingValue = "true")
class AppendBenchmark {
    private static final Logger log = LoggerFactory.getLogger(AppendBenchmark.class);
    private static final Principal WRITER = Principal.system("bench-writer", Role.ADMIN);

    private final EventStore eventStore;
    private final EventChain chain;
    private final TransactionTemplate transaction;
    private final int writers;
    private final int eventsPerWriter;
    private final Path results;

    AppendBenchmark(EventStore eventStore, EventChain chain, PlatformTransactionManager transactions,
                    BenchmarkProperties properties) {
        this.eventStore = eventStore;
        this.chain = chain;
        this.transaction = new TransactionTemplate(transactions);
        this.writers = properties.append().writers();
        this.eventsPerWriter = properties.append().eventsPerWriter();
        this.results = properties.append().results();
    }

    private record Run(double eventsPerSecond, double p50, double p99) {
    }

    @EventListener
    void run(ApplicationReadyEvent ready) throws Exception {
        int status = 1;
        try {
            measure("warm-up-with", true, Math.max(50, eventsPerWriter / 10));
            measure("warm-up-without", false, Math.max(50, eventsPerWriter / 10));
            Run without = measure("without", false, eventsPerWriter);
            Run with = measure("with", true, eventsPerWriter);
            String withoutLine = "without chain: %d events/s (p50 %.2f ms, p99 %.2f ms)".formatted(Math.round(without.eventsPerSecond()), without.p50(), without.p99());
            String withLine = "with chain: %d events/s (p50 %.2f ms, p99 %.2f ms)".formatted(Math.round(with.eventsPerSecond()), with.p50(), with.p99());
            String share = "append: with the chain at %.1f %% of the rate without".formatted(100 * with.eventsPerSecond() / without.eventsPerSecond());
            write(withoutLine, withLine, share);
            System.out.println(withoutLine);
            System.out.println(withLine);
            System.out.println(share);
            status = 0;
        } catch (Exception e) {
            log.error("Append benchmark failed", e);
        } finally {
            chain.attach();
        }
        int exit = status;
        System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> exit));
    }

    private Run measure(String name, boolean chained, int perWriter) throws Exception {
        if (chained) chain.attach();
        else chain.detach();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<double[]>> latencies = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            String stream = "bench-" + name + "-" + w;
            latencies.add(pool.submit(() -> {
                double[] millis = new double[perWriter];
                for (int i = 0; i < perWriter; i++) {
                    EventMessage<?> event = event(stream, i);
                    long t = System.nanoTime();
                    transaction.executeWithoutResult(s -> eventStore.publish(event));
                    millis[i] = (System.nanoTime() - t) / 1e6;
                }
                return millis;
            }));
        }
        double[] all = new double[writers * perWriter];
        int at = 0;
        for (Future<double[]> f : latencies) {
            double[] m = f.get();
            System.arraycopy(m, 0, all, at, m.length);
            at += m.length;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        Run run = new Run(all.length / seconds, all[all.length / 2], all[(int) (all.length * 0.99)]);
        log.info("{}: {} events in {} s", name, all.length, String.format("%.1f", seconds));
        return run;
    }

    private static EventMessage<?> event(String stream, long sequence) {
        AssessmentId id = new AssessmentId(new UnitCode(stream.substring(0, Math.min(stream.length(), 60))), 2025);
        SelfScoreRecorded payload = new SelfScoreRecorded(id, "1.1", sequence == 0 ? null : BigDecimal.valueOf(sequence % 5),
                BigDecimal.valueOf((sequence + 1) % 5), new EvidenceReference("15/KH-UBND", "Điều 2", "3", null), null,
                new Actor("bench-writer", "ASSESSOR", stream));
        return new GenericDomainEventMessage<>("Assessment", stream, sequence, payload, MetaData.from(Provenance.of(WRITER)));
    }

    private void write(String... lines) throws IOException {
        String text = """
                # Append path: with and without the hash chain

                `./mvnw -q -DskipTests package && java -jar benchmarks/target/par-ledger-benchmarks.jar --spring.profiles.active=bench-append`

                %d writers, each appending %d self-scores to a stream of its own, one event per durable transaction (fsync and
                synchronous commit on), through the event store as a command's unit of work appends them; first without the
                chain (its interceptor detached), then with it. Fresh embedded database under `target/`. Taken on %s.

                ```
                %s
                ```
                """.formatted(writers, eventsPerWriter, LocalDate.now(), String.join("\n", lines));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, text);
    }
}
