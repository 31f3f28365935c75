package org.parledger.command.assessment;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

/** The free texts a change carries (reasons, explanations): required ones refused when blank, kept stripped. */
final class Reasons {
    private Reasons() {
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** The text stripped, or null when there is none. */
    static String optional(String text) {
        return blank(text) ? null : text.strip();
    }

    /** A required reason, stripped; refused with {@code REASON_REQUIRED} on {@code field} when blank. */
    static String required(String text, String field, String message) {
        if (blank(text)) throw new LedgerException(ErrorCode.REASON_REQUIRED, field, message);
        return text.strip();
    }

    static String required(String reason) {
        return required(reason, "reason", "a reason is required");
    }
}
