package org.parledger.app.sample;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.assessment.PublishResults;
import org.parledger.api.assessment.VerifyAssessment;
import org.parledger.api.assessment.RecordAppraisedScore;
import org.parledger.api.assessment.RecordSelfScore;
import org.parledger.api.assessment.RecordSurveyScore;
import org.parledger.api.assessment.SubmitSelfAssessment;
import org.parledger.api.common.Grant;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.unit.Merger;
import org.parledger.api.unit.AssignRegion;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.Renaming;
import org.parledger.api.unit.ReorganiseUnits;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.indexset.IndexSetDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads the sample ledger through the same commands a user sends: the sample index sets, the 63 provinces,
 * their reorganisations (Huế's renaming, the 2025 mergers into 34), and for each sample year, for the
 * provinces that existed at its end, every self-assessment, appraisal and survey score under the provincial
 * set that covers the year; every year but the latest is then verified and published. The scores are
 * synthetic but deterministic (seeded by unit and year), so every fresh start shows the same data.
 */
public class SampleDataLoader {
    private static final Logger log = LoggerFactory.getLogger(SampleDataLoader.class);
    static final List<String> INDEX_SETS = List.of("sample/index-sets/province-2948-sample.yaml",
            "sample/index-sets/province-876-sample.yaml", "sample/index-sets/district-80-20-sample.yaml");
    static final String PROVINCES = "sample/units/provinces-63.yaml";
    private static final String REGIONS = "Nghị quyết 81/2023/QH15: the six socio-economic regions";
    static final String MINISTRIES = "sample/units/ministries-19.yaml";
    static final String REORGANISATIONS = "sample/units/reorganisations.yaml";
    private static final BigDecimal QUARTER = new BigDecimal("0.25");
    private static final Principal ADMIN = Principal.system("sample-admin", Role.ADMIN);
    private static final Principal SURVEY_TEAM = Principal.system("sample-survey-team", Role.SURVEY);
    private static final Principal COUNCIL = Principal.system("sample-council", Role.COUNCIL);

    /** A province or ministry of the sample; region is null for ministries. */
    record Province(String code, String name, String region) {
    }

    record SampleMerger(String successor, List<String> predecessors) {
    }

    record SampleRenaming(String unit, String name) {
    }

    record SampleReorganisation(String decision, LocalDate effectiveOn, List<SampleMerger> mergers,
                                List<SampleRenaming> renamings) {
    }

    private final CommandGateway commands;
    private final List<Integer> years;
    private final int threads;
    private final boolean ministries;
    private final AtomicLong sent = new AtomicLong();

    /** @param ministries also the 19 ministries, scored under ministry-level copies of the provincial sets */
    public SampleDataLoader(CommandGateway commands, List<Integer> years, int threads, boolean ministries) {
        this.commands = commands;
        this.years = List.copyOf(years);
        this.threads = threads;
        this.ministries = ministries;
    }

    /** Sends every command; returns how many were sent. */
    public long load() throws Exception {
        long started = System.nanoTime();
        List<IndexSetDefinition> sets = new ArrayList<>(INDEX_SETS.stream()
                .map(file -> IndexSetDocuments.parse(read(file), IndexSetDocuments.Format.YAML)).toList());
        if (ministries) {
            // Sample stand-ins: the provincial sets' shape at ministry level (the real ministry set has 7 fields).
            for (String file : INDEX_SETS.subList(0, 2)) {
                sets.add(IndexSetDocuments.parse(read(file).replace("code: PROVINCE-", "code: MINISTRY-")
                        .replace("level: PROVINCE", "level: MINISTRY"), IndexSetDocuments.Format.YAML));
            }
        }
        sets.forEach(set -> send(new DefineIndexSet(set, ADMIN)));
        YAMLMapper yaml = new YAMLMapper();
        List<Province> provinces = yaml.readValue(read(PROVINCES), new TypeReference<List<Province>>() {
        });
        for (Province province : provinces) {
            send(new RegisterUnit(new UnitCode(province.code()), province.name(), Level.PROVINCE, null, null, ADMIN));
            send(new AssignRegion(new UnitCode(province.code()), province.region(), null, REGIONS, ADMIN));
        }
        List<Province> ministryUnits = ministries ? yaml.readValue(read(MINISTRIES), new TypeReference<List<Province>>() {
        }) : List.of();
        for (Province ministry : ministryUnits) {
            send(new RegisterUnit(new UnitCode(ministry.code()), ministry.name(), Level.MINISTRY, null, null, ADMIN));
        }
        List<SampleReorganisation> reorganisations = yaml.readValue(read(REORGANISATIONS),
                new TypeReference<List<SampleReorganisation>>() {
                });
        Map<String, LocalDate> ceased = new HashMap<>();
        for (SampleReorganisation r : reorganisations) {
            List<Merger> mergers = r.mergers() == null ? List.of() : r.mergers().stream()
                    .map(m -> new Merger(new UnitCode(m.successor()), m.predecessors().stream().map(UnitCode::new).toList()))
                    .toList();
            List<Renaming> renamings = r.renamings() == null ? List.of() : r.renamings().stream()
                    .map(n -> new Renaming(new UnitCode(n.unit()), n.name())).toList();
            send(new ReorganiseUnits(r.decision(), r.effectiveOn(), mergers, List.of(), renamings, List.of(), ADMIN));
            mergers.forEach(m -> m.predecessors().forEach(p -> ceased.put(p.value(), r.effectiveOn())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            Set<Integer> published = new TreeSet<>();
            Map<Level, List<Province>> unitsByLevel = Map.of(Level.PROVINCE, provinces, Level.MINISTRY, ministryUnits);
            for (int year : years) {
                boolean publish = year < latest(years);
                if (publish) published.add(year);
                LocalDate endOfYear = LocalDate.of(year, 12, 31);
                for (Map.Entry<Level, List<Province>> level : unitsByLevel.entrySet()) {
                    if (level.getValue().isEmpty()) continue;
                    IndexSetDefinition set = sets.stream().filter(s -> s.level() == level.getKey() && s.covers(year))
                            .findFirst().orElseThrow(() -> new IllegalArgumentException("no sample index set covers " + year));
                    for (Province unit : level.getValue()) {
                        LocalDate ceasedOn = ceased.get(unit.code());
                        if (ceasedOn != null && !ceasedOn.isAfter(endOfYear)) continue;
                        AssessmentId id = new AssessmentId(new UnitCode(unit.code()), year);
                        work.add(pool.submit(() -> score(id, set, publish)));
                    }
                }
            }
            for (Future<?> future : work) future.get();
            for (int year : published) {
                for (Map.Entry<Level, List<Province>> level : unitsByLevel.entrySet()) {
                    if (level.getValue().isEmpty()) continue;
                    send(new PublishResults(year, level.getKey(), "Quyết định " + year + "/QĐ-BCĐ (mẫu)",
                            LocalDate.of(year + 1, 5, 15), COUNCIL));
                }
            }
        } finally {
            pool.shutdown();
        }
        log.info("Sample data: {} commands sent in {} ms", sent.get(), (System.nanoTime() - started) / 1_000_000);
        return sent.get();
    }

    private static int latest(List<Integer> years) {
        return years.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** Scores one unit-year; a year that will be published is also verified. */
    private void score(AssessmentId id, IndexSetDefinition set, boolean verify) {
        Random random = new Random(31L * id.unit().value().hashCode() + id.year());
        double quality = 0.78 + random.nextDouble() * 0.16;
        Principal assessor = Principal.system("sample-assessor-" + id.unit().value(), new Grant(Role.ASSESSOR, id.unit().value()));
        send(new OpenAssessment(id, set.code(), ADMIN));
        List<LeafRule> leaves = List.copyOf(set.leafRules().values());
        List<BigDecimal> selfScores = new ArrayList<>();
        for (LeafRule leaf : leaves) {
            if (leaf.source() != ScoringSource.EVIDENCE) continue;
            BigDecimal points = share(leaf.maximum(), quality + 0.06 + random.nextGaussian() * 0.05);
            selfScores.add(points);
            send(new RecordSelfScore(id, leaf.code(), points,
                    new EvidenceReference(random.nextInt(1, 999) + "/QĐ-UBND (mẫu)", "Điều " + random.nextInt(1, 6),
                            String.valueOf(random.nextInt(1, 40)), null),
                    null, assessor));
        }
        send(new SubmitSelfAssessment(id, assessor));
        int evidenceIndex = 0;
        for (LeafRule leaf : leaves) {
            if (leaf.source() != ScoringSource.EVIDENCE) continue;
            BigDecimal self = selfScores.get(evidenceIndex++);
            boolean adjust = random.nextDouble() < 0.25 && self.signum() > 0;
            BigDecimal appraised = adjust ? self.subtract(share(self, 0.1 + random.nextDouble() * 0.3)).max(BigDecimal.ZERO) : self;
            send(new RecordAppraisedScore(id, leaf.code(), appraised,
                    appraised.compareTo(self) == 0 ? null : "Tài liệu kiểm chứng chưa đầy đủ (dữ liệu mẫu)",
                    Principal.system("sample-appraiser-" + leaf.appraisingAgency(), new Grant(Role.APPRAISER, leaf.appraisingAgency()))));
        }
        for (LeafRule leaf : leaves) {
            if (leaf.source() != ScoringSource.SURVEY) continue;
            send(new RecordSurveyScore(id, leaf.code(), share(leaf.maximum(), quality + random.nextGaussian() * 0.05),
                    SURVEY_TEAM));
        }
        if (verify) send(new VerifyAssessment(id, COUNCIL));
    }

    /** A share of a maximum, rounded down to a quarter point, never below 0 nor above the maximum. */
    private static BigDecimal share(BigDecimal maximum, double fraction) {
        double clamped = Math.max(0, Math.min(1, fraction));
        BigDecimal quarters = maximum.multiply(BigDecimal.valueOf(clamped)).divide(QUARTER, 0, RoundingMode.FLOOR);
        return quarters.multiply(QUARTER).min(maximum);
    }

    private void send(Object command) {
        commands.sendAndWait(command);
        sent.incrementAndGet();
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
