package org.parledger.app.operations;

import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.app.config.EmbeddedProperties;
import org.parledger.command.evidence.EvidenceProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.application.DiskSpaceHealthIndicator;
import org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthIndicatorProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Free space where the ledger writes, in /actuator/health as diskSpace: Boot's own indicator watches one path, the
 * working directory, while the embedded database and the evidence files are usually on volumes of their own (the
 * image's working directory is /app, its data a mounted /app/data). One entry per place, each DOWN below
 * management.health.diskspace.threshold (10MB): "application" (management.health.diskspace.path, the working
 * directory), "database" (the embedded database's data directory), "evidence" (parledger.evidence.directory). Not
 * part of readiness: a full disk refuses writes with UNAVAILABLE, and reads still work.
 */
@Configuration(proxyBeanMethods = false)
class DiskSpaceHealth {
    /** Named as Boot's indicator is, which then steps aside. */
    @Bean
    CompositeHealthContributor diskSpaceHealthIndicator(DiskSpaceHealthIndicatorProperties disk,
                                                        ObjectProvider<EmbeddedLedgerDatabase> embedded,
                                                        EmbeddedProperties embeddedProperties, EvidenceProperties evidence) {
        Map<String, HealthContributor> places = new LinkedHashMap<>();
        places.put("application", new DiskSpaceHealthIndicator(disk.getPath(), disk.getThreshold()));
        if (embedded.getIfAvailable() != null) {
            places.put("database", new DiskSpaceHealthIndicator(embeddedProperties.dataDir().toFile(), disk.getThreshold()));
        }
        if (evidence.directory() != null) {
            places.put("evidence", onItsVolume(evidence.directory(), disk.getThreshold()));
        }
        return CompositeHealthContributor.fromMap(places);
    }

    /** The evidence directory is made with the first file kept: until then, the free space where it will be. */
    private static HealthIndicator onItsVolume(Path directory, DataSize threshold) {
        return () -> {
            Path existing = directory.toAbsolutePath().normalize();
            while (!Files.exists(existing) && existing.getParent() != null) existing = existing.getParent();
            return new DiskSpaceHealthIndicator(existing.toFile(), threshold).health();
        };
    }
}
