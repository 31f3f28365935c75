package org.parledger.command.unit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.parledger.api.common.LedgerException;
import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Level;
import org.parledger.api.unit.Division;
import org.parledger.api.unit.Merger;
import org.parledger.api.unit.PredecessorsTakenOver;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.Renaming;
import org.parledger.api.unit.ReorganiseUnits;
import org.parledger.api.unit.UnitCeased;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRenamed;
import org.parledger.command.support.LedgerCommandTargetResolver;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.by;

class ReorganisationsTest {
    private static final UnitCode HAI_PHONG = new UnitCode("31");
    private static final UnitCode HAI_DUONG = new UnitCode("30");
    private static final UnitCode HUE = new UnitCode("46");
    private static final UnitCode BO_TU_PHAP = new UnitCode("BTP");
    private static final String DECISION = "202/2025/QH15";
    private static final LocalDate JULY_2025 = LocalDate.of(2025, 7, 1);
    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private Configuration axon;
    private CommandGateway commands;

    /** A reorganisation spans several unit streams, which the single-aggregate test fixture cannot hold. */
    @BeforeEach
    void setUp() {
        axon = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> storage)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Unit.class)
                        .configureCommandTargetResolver(c -> new LedgerCommandTargetResolver()))
                .registerComponent(UnitDirectory.class, c -> code -> Optional.empty())
                .registerCommandHandler(c -> new Reorganisations(c.repository(Unit.class)))
                .start();
        commands = axon.commandGateway();
    }

    @AfterEach
    void tearDown() {
        axon.shutdown();
    }

    private void given(Object... commandsSent) {
        for (Object command : commandsSent) commands.sendAndWait(command);
    }

    /** Sends the command and returns the payloads of the events it stored, in order. */
    private List<Object> when(Object command) {
        long before = stored().size();
        commands.sendAndWait(command);
        List<Object> all = stored();
        return all.subList((int) before, all.size());
    }

    private List<Object> stored() {
        return storage.readEvents(null, false).map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    private void refused(Object command, ErrorCode code, String field) {
        long before = stored().size();
        assertThatThrownBy(() -> commands.sendAndWait(command))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                });
        assertThat(stored()).hasSize((int) before);
    }

    private static RegisterUnit province(UnitCode code, String name) {
        return new RegisterUnit(code, name, Level.PROVINCE, null, null, by(ADMIN));
    }

    private static ReorganiseUnits merger(UnitCode successor, UnitCode... predecessors) {
        return new ReorganiseUnits(DECISION, JULY_2025, List.of(new Merger(successor, List.of(predecessors))),
                List.of(), List.of(), List.of(), by(ADMIN));
    }

    @Test
    void aMergerCeasesThePredecessorAndHandsItsLineageToTheSuccessor() {
        given(province(HAI_PHONG, "Hải Phòng"), province(HAI_DUONG, "Hải Dương"));
        assertThat(when(merger(HAI_PHONG, HAI_DUONG))).containsExactly(
                new UnitCeased(HAI_DUONG, List.of(HAI_PHONG), DECISION, JULY_2025, ADMIN),
                new PredecessorsTakenOver(HAI_PHONG, List.of(HAI_DUONG), DECISION, JULY_2025, ADMIN));
    }

    @Test
    void aDivisionCeasesTheUnitAndNamesEverySuccessor() {
        UnitCode a = new UnitCode("D-A");
        UnitCode b = new UnitCode("D-B");
        given(province(HAI_DUONG, "Hải Dương"), province(a, "A"), province(b, "B"));
        assertThat(when(new ReorganiseUnits(DECISION, JULY_2025, List.of(), List.of(new Division(HAI_DUONG, List.of(a, b))),
                List.of(), List.of(), by(ADMIN)))).containsExactly(
                new PredecessorsTakenOver(a, List.of(HAI_DUONG), DECISION, JULY_2025, ADMIN),
                new PredecessorsTakenOver(b, List.of(HAI_DUONG), DECISION, JULY_2025, ADMIN),
                new UnitCeased(HAI_DUONG, List.of(a, b), DECISION, JULY_2025, ADMIN));
    }

    @Test
    void aRenamingKeepsThePreviousName() {
        LocalDate january = LocalDate.of(2025, 1, 1);
        given(province(HUE, "Thừa Thiên Huế"));
        assertThat(when(new ReorganiseUnits("1314/NQ-UBTVQH15", january, List.of(), List.of(),
                List.of(new Renaming(HUE, "Huế")), List.of(), by(ADMIN))))
                .containsExactly(new UnitRenamed(HUE, "Thừa Thiên Huế", "Huế", "1314/NQ-UBTVQH15", january, ADMIN));
    }

    @Test
    void anUnknownPredecessorRefusesTheWholeReorganisation() {
        given(province(HAI_PHONG, "Hải Phòng"));
        refused(merger(HAI_PHONG, HAI_DUONG), ErrorCode.UNKNOWN_UNIT, "mergers[0].predecessors");
    }

    @Test
    void aUnitThatAlreadyCeasedCannotCeaseAgain() {
        given(province(HAI_PHONG, "Hải Phòng"), province(HAI_DUONG, "Hải Dương"), merger(HAI_PHONG, HAI_DUONG));
        refused(new ReorganiseUnits("1/2026", LocalDate.of(2026, 1, 1), List.of(), List.of(), List.of(),
                List.of(HAI_DUONG), by(ADMIN)), ErrorCode.UNIT_CEASED, "cessations[0]");
    }

    @Test
    void unitsOfDifferentLevelsDoNotMerge() {
        given(province(HAI_PHONG, "Hải Phòng"), new RegisterUnit(BO_TU_PHAP, "Bộ Tư pháp", Level.MINISTRY, null, null, by(ADMIN)));
        refused(merger(HAI_PHONG, BO_TU_PHAP), ErrorCode.LEVEL_MISMATCH, "mergers[0]");
    }

    @Test
    void aUnitCannotCeaseTwiceInOneReorganisation() {
        given(province(HAI_PHONG, "Hải Phòng"), province(HAI_DUONG, "Hải Dương"));
        refused(new ReorganiseUnits(DECISION, JULY_2025, List.of(new Merger(HAI_PHONG, List.of(HAI_DUONG))),
                List.of(), List.of(), List.of(HAI_DUONG), by(ADMIN)), ErrorCode.INVALID_ARGUMENT, "cessations[0]");
    }

    @Test
    void aReorganisationNeedsItsDecision() {
        given(province(HAI_PHONG, "Hải Phòng"), province(HAI_DUONG, "Hải Dương"));
        refused(new ReorganiseUnits(" ", JULY_2025, List.of(new Merger(HAI_PHONG, List.of(HAI_DUONG))),
                List.of(), List.of(), List.of(), by(ADMIN)), ErrorCode.DECISION_REQUIRED, "decision");
    }
}
