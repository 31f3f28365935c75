package org.parledger.app.sample;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.query.support.EventStoreKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** On the first start of an empty ledger, loads the sample data set (switch off with parledger.sample-data.enabled=false). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parledger.sample-data.enabled", havingValue = "true")
public class SampleDataConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SampleDataConfiguration.class);

    @Bean
    ApplicationListener<ApplicationReadyEvent> sampleDataOnFirstStart(
            CommandGateway commands, EventStoreKind store, SampleDataProperties properties) {
        List<Integer> years = properties.years();
        int threads = properties.threads();
        return event -> {
            // Asked of the event store itself, whichever it is (PostgreSQL or Axon Server).
            boolean empty = store.head() < 0;
            if (!empty) {
                log.info("The ledger already holds events; sample data is not loaded again");
                return;
            }
            log.info("Empty ledger: loading the sample data set through commands (years {})", years);
            try {
                new SampleDataLoader(commands, years, threads, false, properties.provincialRounds()).load();
            } catch (Exception e) {
                throw new IllegalStateException("loading the sample data failed", e);
            }
        };
    }
}
