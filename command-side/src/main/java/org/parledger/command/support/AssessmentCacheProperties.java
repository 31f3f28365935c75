package org.parledger.command.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The assessments a node keeps loaded between commands (each unit-year's decision state).
 *
 * @param size              at most this many unit-years; the least used go first
 * @param expireAfterAccess one not used for this long is let go
 */
@ConfigurationProperties("parledger.commands.assessment-cache")
public record AssessmentCacheProperties(@DefaultValue("5000") long size, @DefaultValue("30m") Duration expireAfterAccess) {
    public AssessmentCacheProperties {
        if (size < 0) throw new IllegalArgumentException("parledger.commands.assessment-cache.size is 0 or more");
        if (expireAfterAccess.isNegative() || expireAfterAccess.isZero()) {
            throw new IllegalArgumentException("parledger.commands.assessment-cache.expire-after-access is positive");
        }
    }
}
