package org.parledger.command.indexset;

import org.parledger.api.indexset.IndexSetCode;

import java.util.Optional;

/** The rules of an index set as they stand now, for command handlers that score against them. */
@FunctionalInterface
public interface IndexSetCatalog {
    Optional<IndexSetRules> find(IndexSetCode code);
}
