package org.parledger.app.evidence;

import org.parledger.app.config.CountsPerKey;
import org.parledger.app.security.MutationRateLimit;

/**
 * Uploads each person has in progress on this node, at most parledger.evidence.uploads-per-person (8) at once. An
 * upload's bytes are read on a request thread, and a file sent slowly holds it: one assessor's account sending 250 files a
 * byte at a time held all 200 of the node's threads (they waited for their bytes or for room in
 * parledger.evidence.in-flight), and no one else was answered. Beyond the bound, RATE_LIMITED at once (limit
 * "evidence-uploads", retry after a second), before anything of the file is read.
 */
final class UploadsInProgress {
    private static final int RETRY_AFTER_SECONDS = 1;
    private final CountsPerKey inProgress;

    UploadsInProgress(int perPerson) {
        this.inProgress = new CountsPerKey(perPerson);
    }

    /** One more upload for this person, given back on close; RATE_LIMITED when they have as many as they may. */
    InFlightBytes.Held hold(String subject) {
        if (inProgress.bound() <= 0) return () -> { };
        if (!inProgress.take(subject)) {
            throw new MutationRateLimit.RateLimited("evidence-uploads", "body", RETRY_AFTER_SECONDS, subject + " has "
                    + inProgress.bound() + " uploads in progress on this node, as many as one person may at once; retry after "
                    + RETRY_AFTER_SECONDS + " s");
        }
        return () -> inProgress.give(subject);
    }

    /** Uploads in progress for this person just now (for tests). */
    int of(String subject) {
        return inProgress.held(subject);
    }
}
