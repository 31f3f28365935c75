package org.parledger.command.assessment;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** A change to many leaves at once (a sheet, a batch mutation): every leaf checked before anything is recorded. */
final class LeafBatch {
    private LeafBatch() {
    }

    /**
     * Validates every leaf of a batch before anything is applied, so that the batch is all or nothing; a refusal
     * names the leaf ({@code leaves[3].points}). A leaf may appear once.
     */
    static <T, E> List<E> each(List<T> leaves, int max, Function<T, String> criterion, Function<T, E> check) {
        return checked(leaves, max, criterion, check, false).events();
    }

    /** Every leaf's refusal, none when the whole batch would be recorded (a sheet's report before it is recorded). */
    static <T, E> List<LedgerError> problems(List<T> leaves, int max, Function<T, String> criterion,
                                             Function<T, E> check) {
        return checked(leaves, max, criterion, check, true).problems();
    }

    private record Checked<E>(List<E> events, List<LedgerError> problems) {
    }

    /** Checks each leaf: at the first refusal throws it (all: false), or collects every refusal (all: true). */
    private static <T, E> Checked<E> checked(List<T> leaves, int max, Function<T, String> criterion,
                                             Function<T, E> check, boolean all) {
        if (leaves.isEmpty() || leaves.size() > max) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "leaves", "a change takes 1 to " + max + " leaves");
        }
        Set<String> seen = new HashSet<>();
        List<E> events = new ArrayList<>();
        List<LedgerError> problems = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            try {
                if (!seen.add(String.valueOf(criterion.apply(leaves.get(i))).strip())) {
                    throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "criterion", "the leaf appears twice in the change");
                }
                events.add(check.apply(leaves.get(i)));
            } catch (LedgerException e) {
                LedgerError error = new LedgerError(e.code(), "leaves[" + i + "]" + (e.field() == null ? "" : "." + e.field()),
                        "leaves[" + i + "] (" + criterion.apply(leaves.get(i)) + "): " + e.getMessage());
                if (!all) throw new LedgerException(error);
                problems.add(error);
            }
        }
        return new Checked<>(events, problems);
    }
}
