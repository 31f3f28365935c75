package org.parledger.command.unit;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.command.support.LedgerCommandTargetResolver;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Level;
import org.parledger.api.common.Actor;
import org.parledger.api.unit.AssignRegion;
import org.parledger.api.unit.RegionAssigned;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.parledger.command.support.Refusal.refusal;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.by;

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
                .when(new RegisterUnit(QUANG_NINH, " Quảng Ninh ", Level.PROVINCE, null, null, by(ADMIN)))
                .expectEvents(new UnitRegistered(QUANG_NINH, "Quảng Ninh", Level.PROVINCE, null, null, ADMIN));
    }

    @Test
    void aDistrictIsRegisteredUnderItsProvince() {
        registered.put(QUANG_NINH, new UnitRegistered(QUANG_NINH, "Quảng Ninh", Level.PROVINCE, null, null, ADMIN));
        LocalDate since = LocalDate.of(1994, 3, 23);
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(VAN_DON, "Vân Đồn", Level.DISTRICT, QUANG_NINH, since, by(ADMIN)))
                .expectEvents(new UnitRegistered(VAN_DON, "Vân Đồn", Level.DISTRICT, QUANG_NINH, since, ADMIN));
    }

    @Test
    void anUnknownParentIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(VAN_DON, "Vân Đồn", Level.DISTRICT, QUANG_NINH, null, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.UNKNOWN_UNIT, "parent"));
    }

    @Test
    void aUnitWithoutNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(QUANG_NINH, "  ", Level.PROVINCE, null, null, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_ARGUMENT, "name"));
    }

    @Test
    void aUnitWithoutLevelIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUnit(QUANG_NINH, "Quảng Ninh", null, null, null, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_ARGUMENT, "level"));
    }

    private static final String RED_RIVER_DELTA = "Đồng bằng sông Hồng";
    private static final String NORTH_EAST = "Trung du và miền núi phía Bắc";
    private static final String RESOLUTION = "Nghị quyết 81/2023/QH15";
    private static final UnitRegistered QUANG_NINH_REGISTERED =
            new UnitRegistered(QUANG_NINH, "Quảng Ninh", Level.PROVINCE, null, LocalDate.of(1963, 10, 30), ADMIN);

    @Test
    void aUnitIsPlacedInARegion() {
        fixture.given(QUANG_NINH_REGISTERED)
                .when(new AssignRegion(QUANG_NINH, " " + RED_RIVER_DELTA + " ", null, RESOLUTION, by(ADMIN)))
                .expectEvents(new RegionAssigned(QUANG_NINH, null, RED_RIVER_DELTA, null, RESOLUTION, ADMIN));
    }

    @Test
    void aUnitMovesToAnotherRegionFromADateNamingTheRegionItLeaves() {
        LocalDate from = LocalDate.of(2024, 1, 1);
        fixture.given(QUANG_NINH_REGISTERED, new RegionAssigned(QUANG_NINH, null, NORTH_EAST, null, "2008", ADMIN))
                .when(new AssignRegion(QUANG_NINH, RED_RIVER_DELTA, from, RESOLUTION, by(ADMIN)))
                .expectEvents(new RegionAssigned(QUANG_NINH, NORTH_EAST, RED_RIVER_DELTA, from, RESOLUTION, ADMIN));
    }

    @Test
    void theRegionAUnitIsAlreadyInIsRefused() {
        fixture.given(QUANG_NINH_REGISTERED, new RegionAssigned(QUANG_NINH, null, RED_RIVER_DELTA, null, RESOLUTION, ADMIN))
                .when(new AssignRegion(QUANG_NINH, RED_RIVER_DELTA, null, RESOLUTION, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.NOTHING_TO_CORRECT, "region"));
    }

    @Test
    void aRegionWithoutNameIsRefused() {
        fixture.given(QUANG_NINH_REGISTERED)
                .when(new AssignRegion(QUANG_NINH, " ", null, RESOLUTION, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.INVALID_ARGUMENT, "region"));
    }

    @Test
    void aRegionWithoutReasonIsRefused() {
        fixture.given(QUANG_NINH_REGISTERED)
                .when(new AssignRegion(QUANG_NINH, RED_RIVER_DELTA, null, " ", by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.REASON_REQUIRED, "reason"));
    }

    @Test
    void aRegionFromBeforeTheUnitExistedIsRefused() {
        fixture.given(QUANG_NINH_REGISTERED)
                .when(new AssignRegion(QUANG_NINH, RED_RIVER_DELTA, LocalDate.of(1960, 1, 1), RESOLUTION, by(ADMIN)))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.UNIT_NOT_IN_EXISTENCE, "effectiveOn"));
    }

    @Test
    void onlyAnAdministratorPlacesUnitsInRegions() {
        fixture.given(QUANG_NINH_REGISTERED)
                .when(new AssignRegion(QUANG_NINH, RED_RIVER_DELTA, null, RESOLUTION, by(new Actor("u-22", "ASSESSOR", "22"))))
                .expectNoEvents()
                .expectException(refusal(ErrorCode.WRONG_ROLE, null));
    }
}
