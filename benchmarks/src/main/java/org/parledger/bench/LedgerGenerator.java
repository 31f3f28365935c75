package org.parledger.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.app.integrity.EventChain;
import org.parledger.command.indexset.IndexSetDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a ledger of about N events straight through the event store, as the application writes it (hash chains
 * included): 63 provinces and 19 ministries, ten years from 2017, every leaf self-assessed, appraised and revised many
 * times, interleaved as units work side by side. The replay and growth benchmarks build on it.
 */
final class LedgerGenerator {
    private static final Logger log = LoggerFactory.getLogger(LedgerGenerator.class);
    private static final Actor ADMIN = new Actor("bench-admin", "ADMIN");
    private static final Actor COUNCIL = new Actor("bench-council", "COUNCIL");
    private static final Actor SURVEY = new Actor("bench-survey", "SURVEY");
    private static final int APPEND_BATCH = 2_000;
    /** The read model's processing groups. */
    static final List<String> PROJECTIONS = List.of("scores-v1", "units-v1", "audit-trail-v1");

    record Named(String code, String name) {
    }

    private final EventStorageEngine store;
    private final EventChain chain;
    private final TransactionTemplate transaction;
    /** The last hash of each generated stream. */
    private final Map<String, byte[]> lastHashes = new HashMap<>();
    /** Assessments the generated ledger opened. */
    private long opened;

    LedgerGenerator(EventStorageEngine store, EventChain chain, PlatformTransactionManager transactions) {
        this.store = store;
        this.chain = chain;
        this.transaction = new TransactionTemplate(transactions);
    }

    long opened() {
        return opened;
    }

    /** Stops the projections' processors (a generated ledger is built by a replay, not by them) and returns them. */
    static List<StreamingEventProcessor> stopProjections(EventProcessingConfiguration processing) {
        List<StreamingEventProcessor> processors = PROJECTIONS.stream()
                .map(group -> processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow()).toList();
        // Each is let reach its processing loop (caught up with the empty store) before it is stopped. Axon 4.13's
        // tracking processor loses its only worker slot when shut down between claiming a segment and starting the
        // worker for it (WorkerLauncher.cleanUp frees the segment but never gives the slot back): after start() it
        // never claims again. Two CI runs' replay baselines measured nothing that way.
        try {
            if (!caughtUp(processors)) throw new IllegalStateException("the projections' processors did not start within a minute");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processors.forEach(StreamingEventProcessor::shutDown);
        for (StreamingEventProcessor processor : processors) {
            if (processor instanceof TrackingEventProcessor tracking && tracking.availableProcessorThreads() != tracking.maxCapacity()) {
                throw new IllegalStateException("processor " + processor.getName() + " lost a worker slot when it was stopped ("
                        + tracking.availableProcessorThreads() + " of " + tracking.maxCapacity() + " free): it would never claim again");
            }
        }
        return processors;
    }

    /** Waits, up to a minute, until every processor holds its segments and each has caught up; whether they all have. */
    private static boolean caughtUp(List<? extends StreamingEventProcessor> processors) throws InterruptedException {
        return within(processors, p -> !p.processingStatus().isEmpty()
                && p.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp));
    }

    /** Waits, up to a minute, until every processor holds its segments; whether they all do. */
    static boolean claimed(List<? extends StreamingEventProcessor> processors) throws InterruptedException {
        return within(processors, p -> !p.processingStatus().isEmpty());
    }

    /** Waits, up to a minute, until {@code ready} holds for every processor; whether it did. */
    private static boolean within(List<? extends StreamingEventProcessor> processors,
                                  java.util.function.Predicate<StreamingEventProcessor> ready) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (!processors.stream().allMatch(ready)) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(10); // polling the processors' status, which Axon does not announce
        }
        return true;
    }

    /** Appends the ledger: about {@code events} events, with their hash chains. Returns how many were written. */
    long generate(long events) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<Named> provinces = yaml.readValue(read("sample/units/provinces-63.yaml"), new TypeReference<List<Named>>() {
        });
        List<Named> ministries = yaml.readValue(read("sample/units/ministries-19.yaml"), new TypeReference<List<Named>>() {
        });
        List<IndexSetDefinition> sets = new ArrayList<>();
        for (String file : List.of("sample/index-sets/province-2948-sample.yaml", "sample/index-sets/province-876-sample.yaml")) {
            String document = read(file);
            sets.add(IndexSetDocuments.parse(document, IndexSetDocuments.Format.YAML));
            sets.add(IndexSetDocuments.parse(document.replace("code: PROVINCE-", "code: MINISTRY-")
                    .replace("level: PROVINCE", "level: MINISTRY"), IndexSetDocuments.Format.YAML));
        }
        List<EventMessage<?>> batch = new ArrayList<>();
        long written = 0;
        for (IndexSetDefinition set : sets) {
            batch.add(event("IndexSet", StreamIds.indexSet(set.code()), 0, new IndexSetDefined(set, ADMIN)));
        }
        List<Unit> units = new ArrayList<>();
        provinces.forEach(p -> units.add(new Unit(p, Level.PROVINCE)));
        ministries.forEach(m -> units.add(new Unit(m, Level.MINISTRY)));
        for (Unit unit : units) {
            batch.add(event("Unit", StreamIds.unit(unit.code()), 0, new UnitRegistered(unit.code(), unit.named().name(),
                    unit.level(), null, LocalDate.of(2008, 1, 1), ADMIN)));
        }
        written += append(batch);
        int years = 10;
        long perAssessment = Math.max(0, (events - written) / ((long) units.size() * years));
        Random random = new Random(2948);
        for (int year = 2017; year < 2017 + years; year++) {
            List<AssessmentEvents> assessments = new ArrayList<>();
            for (Unit unit : units) {
                opened++;
                assessments.add(new AssessmentEvents(new AssessmentId(unit.code(), year), unit.level(),
                        setFor(sets, unit.level(), year), perAssessment, random));
            }
            // Interleaved as units work side by side: one event of each assessment in turn.
            boolean any = true;
            while (any) {
                any = false;
                for (AssessmentEvents assessment : assessments) {
                    DomainEventMessage<?> next = assessment.next();
                    if (next == null) continue;
                    any = true;
                    batch.add(next);
                    if (batch.size() >= APPEND_BATCH) written += append(batch);
                }
            }
            written += append(batch);
            log.info("Year {} generated: {} events so far", year, written);
        }
        return written;
    }

    private long append(List<EventMessage<?>> batch) {
        int size = batch.size();
        if (size == 0) return 0;
        List<EventMessage<?>> chained = batch.stream()
                .<EventMessage<?>>map(e -> e instanceof DomainEventMessage<?> d ? chain.link(d, lastHashes) : e).toList();
        transaction.executeWithoutResult(s -> store.appendEvents(chained));
        batch.clear();
        return size;
    }

    private static IndexSetDefinition setFor(List<IndexSetDefinition> sets, Level level, int year) {
        IndexSetDefinition latest = null;
        for (IndexSetDefinition set : sets) {
            if (set.level() != level) continue;
            if (set.covers(year)) return set;
            if (latest == null || set.toYear() > latest.toYear()) latest = set;
        }
        return latest;
    }

    private record Unit(Named named, Level level) {
        UnitCode code() {
            return new UnitCode(named.code());
        }
    }

    /**
     * One assessment's events in the order the workflow produces them: opened, self-scores with revisions,
     * submitted, appraisals with revisions, survey points, preliminary results, verified, published.
     */
    private static final class AssessmentEvents {
        private final AssessmentId id;
        private final String stream;
        private final List<LeafRule> evidence = new ArrayList<>();
        private final List<LeafRule> survey = new ArrayList<>();
        private final List<Object> tail = new ArrayList<>();
        private final Random random;
        private final Map<String, BigDecimal> self = new java.util.HashMap<>();
        private final Map<String, BigDecimal> appraised = new java.util.HashMap<>();
        private long selfEvents;
        private long appraisalEvents;
        private long sequence;
        private int step;

        AssessmentEvents(AssessmentId id, Level level, IndexSetDefinition set, long total, Random random) {
            this.id = id;
            this.stream = StreamIds.assessment(id);
            this.random = random;
            for (LeafRule leaf : set.leafRules().values()) {
                (leaf.source() == ScoringSource.SURVEY ? survey : evidence).add(leaf);
            }
            long fixed = 1 + 1 + survey.size() + 3L;
            long scoring = Math.max(2L * evidence.size(), total - fixed);
            this.selfEvents = scoring / 2;
            this.appraisalEvents = scoring - selfEvents;
            tail.add(new AssessmentOpened(id, level, set.code(), ADMIN));
        }

        DomainEventMessage<?> next() {
            Object payload = payload();
            return payload == null ? null : event("Assessment", stream, sequence++, payload);
        }

        private Object payload() {
            Actor assessor = new Actor("assessor-" + id.unit().value(), "ASSESSOR", id.unit().value());
            Actor appraiser = new Actor("appraiser-snv", "APPRAISER", "SNV");
            switch (step) {
                case 0 -> {
                    step++;
                    return tail.get(0);
                }
                case 1 -> {
                    if (selfEvents > 0) {
                        // Every leaf once, then revisions of leaves at random.
                        LeafRule leaf = evidence.get(self.size() < evidence.size() ? self.size() : random.nextInt(evidence.size()));
                        selfEvents--;
                        BigDecimal points = points(leaf);
                        BigDecimal previous = self.put(leaf.code(), points);
                        return new SelfScoreRecorded(id, leaf.code(), previous, points,
                                new EvidenceReference("15/KH-UBND", "II." + (random.nextInt(9) + 1), null, null),
                                previous == null ? null : "Bổ sung tài liệu kiểm chứng", assessor);
                    }
                    step++;
                    return new SelfAssessmentSubmitted(id, sum(self), assessor);
                }
                case 2 -> {
                    if (appraisalEvents > 0) {
                        LeafRule leaf = evidence.get(appraised.size() < evidence.size() ? appraised.size()
                                : random.nextInt(evidence.size()));
                        appraisalEvents--;
                        BigDecimal points = points(leaf);
                        BigDecimal previous = appraised.put(leaf.code(), points);
                        return new AppraisedScoreRecorded(id, leaf.code(), self.get(leaf.code()), previous, points,
                                "Thẩm định theo tài liệu kiểm chứng", appraiser);
                    }
                    step++;
                    return payload();
                }
                case 3 -> {
                    step++;
                    List<Object> rest = new ArrayList<>();
                    for (LeafRule leaf : survey) {
                        rest.add(new SurveyScoreRecorded(id, leaf.code(), null, points(leaf), SURVEY));
                    }
                    rest.add(new PreliminaryResultsSent(id, sum(appraised), COUNCIL));
                    rest.add(new AssessmentVerified(id, sum(appraised), new BigDecimal(100), COUNCIL));
                    rest.add(new AssessmentPublished(id, "QĐ công bố Chỉ số CCHC năm " + id.year(),
                            LocalDate.of(id.year() + 1, 4, 15), new BigDecimal("80.5"), 1 + random.nextInt(63), 63, COUNCIL));
                    tail.clear();
                    tail.addAll(rest);
                    return payload();
                }
                default -> {
                    return tail.isEmpty() ? null : tail.remove(0);
                }
            }
        }

        private BigDecimal points(LeafRule leaf) {
            return leaf.maximum().multiply(BigDecimal.valueOf(random.nextInt(5) * 0.25)).setScale(2, RoundingMode.DOWN);
        }

        private static BigDecimal sum(Map<String, BigDecimal> points) {
            return points.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private static DomainEventMessage<?> event(String type, String stream, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(type, stream, sequence, payload, Map.of());
    }

    private static String read(String resource) {
        try {
            return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
