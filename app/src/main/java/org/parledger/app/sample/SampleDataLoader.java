package org.parledger.app.sample;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.PublishResults;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexSetDefinition;
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
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
            "sample/index-sets/province-876-sample.yaml", "sample/index-sets/district-80-20-sample.yaml",
            "sample/index-sets/quang-ninh-departments-sample.yaml", "sample/index-sets/quang-ninh-communes-sample.yaml");
    static final String PROVINCIAL_ROUNDS = "sample/units/provincial-rounds.yaml";
    static final String PROVINCES = "sample/units/provinces-63.yaml";
    private static final String REGIONS = "Nghị quyết 81/2023/QH15: the six socio-economic regions";
    static final String MINISTRIES = "sample/units/ministries-19.yaml";
    static final String REORGANISATIONS = "sample/units/reorganisations.yaml";
    private static final Principal ADMIN = SampleScoring.of(Role.ADMIN, null);

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

    record SampleUnit(String code, String name) {
    }

    record SampleDecision(String decision, LocalDate effectiveOn) {
    }

    /** A province's own rounds: its departments, districts (until they cease) and communes (from 2025), and their sets. */
    record SampleProvince(String province, String decisionPrefix, String departmentSet, String districtSet,
                          String communeSet, SampleDecision districtsCease, List<Integer> years,
                          List<SampleUnit> departments, List<SampleUnit> districts, List<SampleUnit> communes) {
        List<SampleUnit> of(Level level) {
            List<SampleUnit> units = level == Level.DEPARTMENT ? departments : level == Level.DISTRICT ? districts : communes;
            return units == null ? List.of() : units;
        }

        String set(Level level) {
            return level == Level.DEPARTMENT ? departmentSet : level == Level.DISTRICT ? districtSet : communeSet;
        }
    }

    /** One round to publish: a level's in a year, national (within null) or a province's. */
    private record Round(int year, Level level, UnitCode within, String decision) {
    }

    /** How often the load says how far it is (a first start takes a minute or so). */
    private static final long PROGRESS_EVERY = 5_000;

    private final Consumer<Object> commands;
    private final List<Integer> years;
    private final int threads;
    private final boolean ministries;
    private final boolean provincialRounds;
    private final AtomicLong sent = new AtomicLong();
    private final SampleScoring scoring = new SampleScoring(this::send);

    /**
     * @param commands   sends one command and waits for its answer
     * @param ministries also the 19 ministries, scored under ministry-level copies of the provincial sets
     */
    public SampleDataLoader(Consumer<Object> commands, List<Integer> years, int threads, boolean ministries) {
        this(commands, years, threads, ministries, false);
    }

    /** @param provincialRounds also Quảng Ninh's and Hà Nội's own rounds (departments, districts, communes) */
    public SampleDataLoader(Consumer<Object> commands, List<Integer> years, int threads, boolean ministries,
                            boolean provincialRounds) {
        this.commands = commands;
        this.years = List.copyOf(years);
        this.threads = threads;
        this.ministries = ministries;
        this.provincialRounds = provincialRounds;
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
        // A province's own sets name it: they are defined once the provinces are registered.
        sets.stream().filter(set -> set.within() == null).forEach(set -> send(new DefineIndexSet(set, ADMIN)));
        YAMLMapper yaml = new YAMLMapper();
        List<Province> provinces = yaml.readValue(read(PROVINCES), new TypeReference<List<Province>>() {
        });
        for (Province province : provinces) {
            send(new RegisterUnit(new UnitCode(province.code()), province.name(), Level.PROVINCE, null, null, ADMIN));
            send(new AssignRegion(new UnitCode(province.code()), province.region(), null, REGIONS, ADMIN));
        }
        sets.stream().filter(set -> set.within() != null).forEach(set -> send(new DefineIndexSet(set, ADMIN)));
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
        List<SampleProvince> provincial = provincialRounds ? yaml.readValue(read(PROVINCIAL_ROUNDS),
                new TypeReference<List<SampleProvince>>() {
                }) : List.of();
        registerProvincialUnits(provincial);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            List<Round> rounds = new ArrayList<>();
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
                        work.add(pool.submit(() -> scoring.score(id, set, publish, null)));
                    }
                }
                for (Level level : unitsByLevel.keySet()) {
                    if (publish && !unitsByLevel.get(level).isEmpty()) {
                        rounds.add(new Round(year, level, null, "Quyết định " + year + "/QĐ-BCĐ (mẫu)"));
                    }
                }
                for (SampleProvince province : provincial) {
                    scoreProvincialRounds(province, year, publish, sets, pool, work, rounds);
                }
            }
            for (Future<?> future : work) future.get();
            int number = 100;
            for (Round round : rounds) {
                Principal council = SampleScoring.of(Role.COUNCIL, round.within());
                send(new PublishResults(round.year(), round.level(), round.decision().replace("{n}", String.valueOf(number++)),
                        LocalDate.of(round.year() + 1, 5, 15), council, round.within()));
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

    /** Registers each province's departments and districts, their districts' cessation, and the communes after it. */
    private void registerProvincialUnits(List<SampleProvince> provinces) {
        for (SampleProvince p : provinces) {
            UnitCode province = new UnitCode(p.province());
            Principal admin = SampleScoring.of(Role.ADMIN, province);
            for (SampleUnit unit : p.of(Level.DEPARTMENT)) {
                send(new RegisterUnit(new UnitCode(unit.code()), unit.name(), Level.DEPARTMENT, province, null, admin));
            }
            for (SampleUnit unit : p.of(Level.DISTRICT)) {
                send(new RegisterUnit(new UnitCode(unit.code()), unit.name(), Level.DISTRICT, province, null, admin));
            }
            if (p.districtsCease() != null && !p.of(Level.DISTRICT).isEmpty()) {
                send(new ReorganiseUnits(p.districtsCease().decision(), p.districtsCease().effectiveOn(), List.of(), List.of(),
                        List.of(), p.of(Level.DISTRICT).stream().map(u -> new UnitCode(u.code())).toList(), ADMIN));
            }
            LocalDate reform = p.districtsCease() == null ? null : p.districtsCease().effectiveOn();
            for (SampleUnit unit : p.of(Level.COMMUNE)) {
                send(new RegisterUnit(new UnitCode(unit.code()), unit.name(), Level.COMMUNE, province, reform, admin));
            }
        }
    }

    /**
     * Schedules the scoring of a province's units that existed at the end of the year and whose set covers it, and
     * the publication of each of its rounds in a year that is published.
     */
    private void scoreProvincialRounds(SampleProvince p, int year, boolean publish, List<IndexSetDefinition> sets,
                                       ExecutorService pool, List<Future<?>> work, List<Round> rounds) {
        if (p.years() != null && !p.years().contains(year)) return;
        UnitCode province = new UnitCode(p.province());
        LocalDate cease = p.districtsCease() == null ? null : p.districtsCease().effectiveOn();
        boolean districtsExist = cease == null || cease.isAfter(LocalDate.of(year, 12, 31));
        for (Level level : List.of(Level.DEPARTMENT, Level.DISTRICT, Level.COMMUNE)) {
            if (p.of(level).isEmpty() || p.set(level) == null) continue;
            if (level == Level.DISTRICT != districtsExist && level != Level.DEPARTMENT) continue;
            IndexSetDefinition set = sets.stream().filter(s -> s.code().value().equals(p.set(level))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no sample index set " + p.set(level)));
            if (!set.covers(year)) continue;
            for (SampleUnit unit : p.of(level)) {
                AssessmentId id = new AssessmentId(new UnitCode(unit.code()), year);
                work.add(pool.submit(() -> scoring.score(id, set, publish, province)));
            }
            if (publish) rounds.add(new Round(year, level, province, "Quyết định {n}/" + p.decisionPrefix() + " (mẫu)"));
        }
    }

    private void send(Object command) {
        commands.accept(command);
        long count = sent.incrementAndGet();
        if (count % PROGRESS_EVERY == 0) log.info("Sample data: {} commands sent so far", count);
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
