package org.parledger.api.indexset;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** Corrects where a leaf's points come from (evidence or the survey). */
public record CorrectScoringSource(IndexSetCode indexSet, String code, ScoringSource source, String reason,
                                   String reference, Principal principal) implements IndexSetCommand, LedgerCommand {
}
