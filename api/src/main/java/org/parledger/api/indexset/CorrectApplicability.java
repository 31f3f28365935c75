package org.parledger.api.indexset;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** Corrects whether a unit may mark a leaf not applicable to it. */
public record CorrectApplicability(IndexSetCode indexSet, String code, boolean notApplicableAllowed, String reason,
                                   String reference, Principal principal) implements IndexSetCommand, LedgerCommand {
}
