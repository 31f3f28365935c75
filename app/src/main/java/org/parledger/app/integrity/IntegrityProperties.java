package org.parledger.app.integrity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Tamper evidence (parledger.integrity.*).
 *
 * @param signingKey      the installation's Ed25519 private key (PKCS#8, PEM or its Base64 body), which signs
 *                        checkpoints and snapshots; every node of an installation holds the same
 * @param signingKeyFile  where the key is read from instead; on the embedded default it is made there (in the
 *                        database's data directory, owner-only) on the first start
 * @param checkpointEvery how often a checkpoint is signed when the ledger has grown (0: only on request)
 * @param verifyEvery     how often the whole ledger is verified by one node of the deployment (the last verification
 *                        by any node, or by anyone's verifyLedger, counts), its finding in health and the meters
 *                        (0: only on request)
 */
@ConfigurationProperties("parledger.integrity")
public record IntegrityProperties(String signingKey, Path signingKeyFile, Duration checkpointEvery, Duration verifyEvery) {
    public IntegrityProperties {
        checkpointEvery = checkpointEvery == null ? Duration.ofMinutes(10) : checkpointEvery;
        verifyEvery = verifyEvery == null ? Duration.ofHours(24) : verifyEvery;
    }
}
