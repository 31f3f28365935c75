package org.parledger.api.indexset;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** Corrects which agency appraises a node and everything below it that names no agency of its own. */
public record CorrectAppraisingAgency(IndexSetCode indexSet, String code, String agency, String reason,
                                      String reference, Principal principal) implements IndexSetCommand, LedgerCommand {
}
