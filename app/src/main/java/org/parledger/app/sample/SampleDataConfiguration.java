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
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * On the first start of an empty ledger, loads the sample data set (switch off with parledger.sample-data.enabled=false);
 * a load that did not complete is resumed at the next start (see {@link SampleDataLoads}). The application is ready
 * only once it has completed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parledger.sample-data.enabled", havingValue = "true")
public class SampleDataConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SampleDataConfiguration.class);

    @Bean
    ApplicationListener<ApplicationReadyEvent> sampleDataOnFirstStart(
            CommandGateway commands, EventStoreKind store, JdbcClient jdbc, SampleDataProperties properties) {
        List<Integer> years = properties.years();
        SampleDataLoads loads = new SampleDataLoads(jdbc);
        return event -> {
            SampleDataLoads.Load recorded = loads.recorded().orElse(null);
            // Asked of the event store itself, whichever it is (PostgreSQL or Axon Server).
            switch (SampleDataLoads.decide(recorded, store.head() < 0)) {
                case ALREADY_LOADED -> log.info("The sample data set was loaded at {}; it is not loaded again", recorded.completedAt());
                case NOT_A_SAMPLE_LEDGER -> log.info("The ledger already holds events; sample data is not loaded into it");
                case LOAD -> {
                    log.info("Empty ledger: loading the sample data set through commands (years {})", years);
                    load(commands, loads, loads.begin(), properties);
                }
                case RESUME -> {
                    log.warn("The sample data's load begun at {} did not complete (the application was stopped or failed "
                            + "during it): resuming it; what it recorded is answered from its request ids, not recorded again",
                            recorded.begunAt());
                    load(commands, loads, recorded, properties);
                }
            }
        };
    }

    private static void load(CommandGateway commands, SampleDataLoads loads, SampleDataLoads.Load load,
                             SampleDataProperties properties) {
        long sent;
        try {
            sent = new SampleDataLoader(SampleDataLoads.sender(commands, load), properties.years(), properties.threads(),
                    false, properties.provincialRounds()).load();
        } catch (Exception e) {
            throw new IllegalStateException("loading the sample data failed; the next start resumes it "
                    + "(parledger.sample-data.enabled=false starts without it)", e);
        }
        loads.complete(sent);
    }
}
