package org.parledger.query.support;

/**
 * The processing group of the read model. Units, index sets and assessments are projected in one group
 * because rankings join them and must see them at one point of the ledger; a new version of the read
 * model gets a new group name and is rebuilt from the events.
 */
public final class ReadModel {
    public static final String PROCESSING_GROUP = "read-model-v1";

    private ReadModel() {
    }
}
