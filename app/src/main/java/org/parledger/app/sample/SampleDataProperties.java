package org.parledger.app.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * The sample data set (parledger.sample-data.*), only ever loaded into an empty ledger.
 *
 * @param enabled whether it is loaded: by default on the embedded default, off with an external database
 * @param years   the years scored
 * @param threads commands sent at once while loading
 * @param provincialRounds also Quảng Ninh's own rounds (departments and districts before 2025, communes after) and
 *                         Hà Nội's district round, each published by the province's decision
 */
@ConfigurationProperties("parledger.sample-data")
public record SampleDataProperties(Boolean enabled, @DefaultValue({"2021", "2022", "2024", "2025"}) List<Integer> years,
                                   @DefaultValue("4") int threads, @DefaultValue("true") boolean provincialRounds) {
}
