package org.parledger.command.indexset;

import org.parledger.api.indexset.IndexSetCode;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The rules of an index set as they stand now, for command handlers that score against them. */
@FunctionalInterface
public interface IndexSetCatalog {
    Optional<IndexSetRules> find(IndexSetCode code);

    /**
     * This catalog for one command that scores many assessments (a whole level's survey results): each set is read once
     * however many results ask for it, so the command sees one state of the rules and checks that it is current once
     * per set, not once per result. Not for sharing between commands or threads.
     */
    default IndexSetCatalog forOneCommand() {
        Map<IndexSetCode, Optional<IndexSetRules>> read = new HashMap<>();
        return code -> read.computeIfAbsent(code, this::find);
    }
}
