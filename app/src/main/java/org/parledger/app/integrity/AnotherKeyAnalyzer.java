package org.parledger.app.integrity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says, when a node stops because its signing key is not the installation's, which keys and what to do. */
class AnotherKeyAnalyzer extends AbstractFailureAnalyzer<Checkpoints.AnotherKey> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, Checkpoints.AnotherKey cause) {
        return new FailureAnalysis(cause.getMessage() + ".",
                "Give this node the key the other nodes have (parledger.integrity.signing-key or"
                        + " parledger.integrity.signing-key-file); { ledgerKey { keyId } } on a running node names it.", cause);
    }
}
