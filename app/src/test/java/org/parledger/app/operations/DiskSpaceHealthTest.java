package org.parledger.app.operations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.app.config.EmbeddedProperties;
import org.parledger.command.evidence.EvidenceProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthIndicatorProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** Each place the ledger writes to is watched on its own volume, against the one threshold. */
class DiskSpaceHealthTest {
    @TempDir
    Path dir;

    @Test
    void watchesTheDatabasesDataDirectoryAndTheEvidenceDirectoryBesideTheWorkingDirectory() {
        CompositeHealthContributor places = places(DataSize.ofMegabytes(10), true, dir.resolve("evidence/not-made-yet"));
        assertThat(places.stream().map(entry -> entry.name())).containsExactly("application", "database", "evidence");
        assertThat(health(places, "application").getStatus()).isEqualTo(Status.UP);
        assertThat(health(places, "database").getDetails().get("path")).isEqualTo(dir.resolve("postgres").toFile().getAbsolutePath());
        // Made with the first file kept: until then, the free space of the volume it will be on (not 0 bytes, DOWN).
        Health evidence = health(places, "evidence");
        assertThat(evidence.getStatus()).isEqualTo(Status.UP);
        assertThat(evidence.getDetails().get("path")).isEqualTo(dir.toFile().getAbsolutePath());
    }

    @Test
    void eachPlaceIsDownBelowTheThresholdAndAnExternalDatabaseIsNotWatched() {
        CompositeHealthContributor places = places(DataSize.ofTerabytes(1_000_000), false, null);
        assertThat(places.stream().map(entry -> entry.name())).containsExactly("application");
        assertThat(health(places, "application").getStatus()).isEqualTo(Status.DOWN);
    }

    private CompositeHealthContributor places(DataSize threshold, boolean embedded, Path evidenceDirectory) {
        DiskSpaceHealthIndicatorProperties disk = new DiskSpaceHealthIndicatorProperties();
        disk.setPath(new File("."));
        disk.setThreshold(threshold);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (embedded) beans.addBean("embedded", mock(EmbeddedLedgerDatabase.class));
        ObjectProvider<EmbeddedLedgerDatabase> database = beans.getBeanProvider(EmbeddedLedgerDatabase.class);
        Map<String, Object> settings = evidenceDirectory == null
                ? Map.of("data-dir", dir.resolve("postgres").toString())
                : Map.of("data-dir", dir.resolve("postgres").toString(), "directory", evidenceDirectory.toString());
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        EmbeddedProperties embeddedProperties = binder.bindOrCreate("", EmbeddedProperties.class);
        EvidenceProperties evidence = binder.bindOrCreate("", EvidenceProperties.class);
        return new DiskSpaceHealth().diskSpaceHealthIndicator(disk, database, embeddedProperties, evidence);
    }

    private static Health health(CompositeHealthContributor places, String name) {
        return ((HealthIndicator) places.getContributor(name)).health();
    }
}
