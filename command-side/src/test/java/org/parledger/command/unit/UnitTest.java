package org.parledger.command.unit;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.command.support.LedgerCommandTargetResolver;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Level;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.parledger.command.support.Refusal.refusal;
import static org.parledger.command.support.TestSets.ADMIN;

class UnitTest {
    private static final UnitCode QUANG_NINH = new UnitCode("22");
    private static final UnitCode VAN_DON = new UnitCode("22-203");
    private final Map<UnitCode, UnitRegistered> registered = new java.util.HashMap<>();
    private AggregateTestFixture<Unit> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Unit.class);
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
        fixture.registerInjectableResource((UnitDirectory) code -> Optional.ofNullable(registered.get(code)).map(UnitFacts::registered));
    }

    @Test
    void aProvinceIsRegistered() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(QUANG_NINH, " Quảng Ninh ", Level.PROVINCE, null, null, ADMIN))
                .expectEvents(new UnitRegistered(QUANG_NINH, "Quảng Ninh", Level.PROVINCE, null, null, ADMIN));
    }

    @Test
    void aDistrictIsRegisteredUnderItsProvince() {
        registered.put(QUANG_NINH, new UnitRegistered(QUANG_NINH, "Quảng Ninh", Level.PROVINCE, null, null, ADMIN));
        LocalDate since = LocalDate.of(1994, 3, 23);
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(VAN_DON, "Vân Đồn", Level.DISTRICT, QUANG_NINH, since, ADMIN))
                .expectEvents(new UnitRegistered(VAN_DON, "Vân Đồn", Level.DISTRICT, QUANG_NINH, since, ADMIN));
    }

    @Test
    void anUnknownParentIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(VAN_DON, "Vân Đồn", Level.DISTRICT, QUANG_NINH, null, ADMIN))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.UNKNOWN_UNIT, "parent"));
    }

    @Test
    void aUnitWithoutNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(QUANG_NINH, "  ", Level.PROVINCE, null, null, ADMIN))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_ARGUMENT, "name"));
    }

    @Test
    void aUnitWithoutLevelIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(QUANG_NINH, "Quảng Ninh", null, null, null, ADMIN))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_ARGUMENT, "level"));
    }
}
