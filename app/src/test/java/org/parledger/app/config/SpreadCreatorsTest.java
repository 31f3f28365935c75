package org.parledger.app.config;

import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.unit.UnitCode;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Records read through the module are the records Jackson reads without it, built without
 * {@code invokeWithArguments}; a constructor's refusal is reported exactly as Jackson reports it.
 */
class SpreadCreatorsTest {
    private static final JsonMapper PLAIN = JsonMapper.builder().build();
    private static final JsonMapper SPREAD = JsonMapper.builder().addModule(new SpreadCreators()).build();

    /** Remembers how it was called: through Jackson's spreading call or not. */
    public record Called(String name, int count, long big, boolean flag, double ratio, List<String> tags, Called inner) {
        static volatile boolean throughInvokeWithArguments;

        public Called {
            throughInvokeWithArguments = Arrays.stream(new Throwable().getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("invokeWithArguments"));
            if (count < 0) throw new IllegalArgumentException("count below zero: " + count);
        }
    }

    private static final String JSON = """
            {"name":"Sở Nội vụ","count":3,"big":9007199254740993,"flag":true,"ratio":0.1,"tags":["a",null],
             "inner":{"name":"x","count":0,"big":-1,"flag":false,"ratio":1e-300}}""";

    @Test
    void readsTheSameRecordsWithoutSpreadingAtEveryCall() {
        Called plain = PLAIN.readValue(JSON, Called.class);
        assertThat(Called.throughInvokeWithArguments).as("Jackson's own way, for comparison").isTrue();
        Called spread = SPREAD.readValue(JSON, Called.class);
        assertThat(Called.throughInvokeWithArguments).isFalse();
        // Missing properties are null in both.
        assertThat(spread).isEqualTo(plain);
        assertThat(spread.inner()).isEqualTo(new Called("x", 0, -1, false, 1e-300, null, null));
    }

    @Test
    void aConstructorsRefusalIsReportedAsJacksonReportsIt() {
        String refused = JSON.replace("\"count\":3", "\"count\":-1");
        Throwable plain = catchThrowable(refused, PLAIN);
        Throwable spread = catchThrowable(refused, SPREAD);
        assertThat(spread).isInstanceOf(ValueInstantiationException.class).hasMessage(plain.getMessage());
        assertThat(spread.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("count below zero: -1");
        assertThatThrownBy(() -> SPREAD.readValue("{\"name\":\"x\",\"count\":\"many\"}", Called.class))
                .hasMessageContaining("many");
    }

    @Test
    void anEventOfTheLedgerReadsAlike() {
        // A real event with value types of its own (its assessment and unit code, decimals, evidence, the actor).
        SelfScoreRecorded recorded = new SelfScoreRecorded(new AssessmentId(new UnitCode("22"), 2024), "1.2.1",
                new BigDecimal("1.50"), new BigDecimal("2.25"), new EvidenceReference("15/KH-UBND", "II", "3", null, List.of()),
                "Đã ban hành kế hoạch", new Actor("assessor-22", "ASSESSOR", "22"));
        String event = PLAIN.writeValueAsString(recorded);
        assertThat(SPREAD.readValue(event, SelfScoreRecorded.class)).isEqualTo(PLAIN.readValue(event, SelfScoreRecorded.class))
                .isEqualTo(recorded);
    }

    private static Throwable catchThrowable(String json, JsonMapper mapper) {
        try {
            mapper.readValue(json, Called.class);
            throw new AssertionError("read " + json);
        } catch (RuntimeException e) {
            return e;
        }
    }
}
