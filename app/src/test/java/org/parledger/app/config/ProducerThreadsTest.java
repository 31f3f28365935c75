package org.parledger.app.config;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parledger.ParLedgerApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stop waits for the embedded event store's producer before the pool closes: Axon's event store only marks it closed,
 * and a read it began meanwhile failed on the closed pool with an ERROR at the end of a clean stop.
 */
class ProducerThreadsTest {

    @Test
    void aStopLeavesNoProducerReadingFromTheClosedPool(@TempDir Path data) {
        ConfigurableApplicationContext app = new SpringApplication(ParLedgerApplication.class).run(
                "--server.port=0", "--parledger.embedded.data-dir=" + data, "--parledger.sample-data.enabled=false",
                "--parledger.security.demo-accounts.enabled=false",
                "--parledger.security.accounts[0].username=ops",
                "--parledger.security.accounts[0].password={bcrypt}$2a$10$DTai7waY.QMIY3NiYkwt6uCbqVn07Rp/JzQhz/K3Vb4MGQKRqdmva",
                "--parledger.security.accounts[0].grants=ADMIN");
        ProducerThreads threads = app.getBean(ProducerThreads.class);
        assertThat(app.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
        // The processors' streams start the producer; it then waits up to a second at a time for new events.
        await().atMost(Duration.ofSeconds(60)).until(() -> threads.made() > 0);
        assertThat(threads.allEnded()).isFalse();

        app.close();

        assertThat(threads.allEnded()).as("the producer ended before the pool closed").isTrue();
    }
}
