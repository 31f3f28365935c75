package org.parledger.api.unit;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.time.LocalDate;
import java.util.List;

/**
 * Records a reorganisation decided by one decision with one effective date: mergers, divisions, renamings
 * and cessations without successor. Applied to every unit involved at once, or not at all.
 */
public record ReorganiseUnits(String decision, LocalDate effectiveOn, List<Merger> mergers, List<Division> divisions,
                              List<Renaming> renamings, List<UnitCode> cessations, Principal principal) implements LedgerCommand {
    public ReorganiseUnits {
        mergers = mergers == null ? List.of() : List.copyOf(mergers);
        divisions = divisions == null ? List.of() : List.copyOf(divisions);
        renamings = renamings == null ? List.of() : List.copyOf(renamings);
        cessations = cessations == null ? List.of() : List.copyOf(cessations);
    }
}
