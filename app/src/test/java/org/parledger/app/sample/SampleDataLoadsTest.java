package org.parledger.app.sample;

import org.junit.jupiter.api.Test;
import org.parledger.api.common.Level;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.UnitCode;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.sample.SampleDataLoads.Decision.*;

/** What a start does about the sample data, and the request ids that let an interrupted load resume. */
class SampleDataLoadsTest {
    private static final Instant BEGUN = Instant.parse("2026-12-03T07:00:00Z");

    @Test
    void anEmptyLedgerIsLoadedAndALedgerOfOtherEventsIsLeftAlone() {
        assertThat(SampleDataLoads.decide(null, true)).isEqualTo(LOAD);
        assertThat(SampleDataLoads.decide(null, false)).isEqualTo(NOT_A_SAMPLE_LEDGER);
    }

    @Test
    void aLoadBegunAndNotCompletedIsResumedAndACompletedOneIsNotLoadedAgain() {
        SampleDataLoads.Load begun = new SampleDataLoads.Load("00ff", BEGUN, null);
        assertThat(SampleDataLoads.decide(begun, false)).isEqualTo(RESUME);
        assertThat(SampleDataLoads.decide(begun, true)).as("begun, killed before its first command committed").isEqualTo(RESUME);
        assertThat(SampleDataLoads.decide(new SampleDataLoads.Load("00ff", BEGUN, BEGUN.plusSeconds(60)), false))
                .isEqualTo(ALREADY_LOADED);
    }

    @Test
    void aCommandHasTheSameRequestIdInEveryAttemptOfALoadAndAnotherInAnotherLedger() {
        Principal admin = Principal.system("sample-admin", Role.ADMIN);
        RegisterUnit hanoi = new RegisterUnit(new UnitCode("01"), "Thành phố Hà Nội", Level.PROVINCE, null, null, admin);
        RegisterUnit again = new RegisterUnit(new UnitCode("01"), "Thành phố Hà Nội", Level.PROVINCE, null, null, admin);
        RegisterUnit haiPhong = new RegisterUnit(new UnitCode("31"), "Thành phố Hải Phòng", Level.PROVINCE, null, null, admin);
        String id = SampleDataLoads.requestId("salt-a", hanoi);
        assertThat(id).startsWith("sample:").hasSizeLessThanOrEqualTo(128).isEqualTo(SampleDataLoads.requestId("salt-a", again));
        assertThat(SampleDataLoads.requestId("salt-a", haiPhong)).isNotEqualTo(id);
        assertThat(SampleDataLoads.requestId("salt-b", hanoi)).as("unguessable without the ledger's salt").isNotEqualTo(id);
    }
}
