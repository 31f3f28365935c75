package org.parledger.command.support;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.parledger.api.unit.AssignRegion;
import org.parledger.api.unit.UnitCode;
import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.command.support.TestSets.ADMIN;
import static org.parledger.command.support.TestSets.by;

/** What a snapshot keeps of the requests: an assessment loaded from it answers a retry as one loaded from its events. */
class RecordedRequestsTest {
    private final AssignRegion assign = new AssignRegion(new UnitCode("22"), "Đồng bằng sông Hồng", null, "Nghị quyết 81", by(ADMIN));

    @Test
    void theRequestsSurviveTheSnapshotsJsonInOrder() throws Exception {
        RecordedRequests requests = new RecordedRequests();
        for (int i = 0; i < RecordedRequests.KEPT + 3; i++) {
            requests.on(new Object(), i, "rq-" + i, AssignRegion.class.getName(), ProcessedRequests.hash(assign));
        }
        JsonMapper json = JsonMapper.builder().build();
        RecordedRequests restored = json.readValue(json.writeValueAsString(requests), RecordedRequests.class);

        assertThat(answer(restored, "rq-" + (RecordedRequests.KEPT + 2))).isEqualTo((long) RecordedRequests.KEPT + 2);
        assertThat(answer(restored, "rq-3")).isEqualTo(3L);
        assertThat(answer(restored, "rq-2")).as("the oldest are let go").isEqualTo("proceeded");
        assertThat(json.writeValueAsString(restored)).isEqualTo(json.writeValueAsString(requests));
    }

    @Test
    void eventsWithoutTheWholeRequestAreNotKept() throws Exception {
        RecordedRequests requests = new RecordedRequests();
        requests.on(new Object(), 4, "rq-1", null, null);
        assertThat(answer(requests, "rq-1")).isEqualTo("proceeded");
    }

    private Object answer(RecordedRequests requests, String requestId) throws Exception {
        AtomicInteger proceeded = new AtomicInteger();
        InterceptorChain chain = () -> {
            proceeded.incrementAndGet();
            return "proceeded";
        };
        return requests.answerOrProceed(GenericCommandMessage.asCommandMessage(assign)
                .andMetaData(MetaData.with(ProcessedRequests.REQUEST_ID, requestId)), chain);
    }
}
