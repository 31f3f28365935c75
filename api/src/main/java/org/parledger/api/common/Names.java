package org.parledger.api.common;

import java.text.Normalizer;

/**
 * Names of people and scopes as the ledger records them: NFC-normalised, trimmed, and free of characters
 * that print as nothing or as something else (control and format characters, separators other than the
 * plain space, unpaired surrogates, non-characters). Two names that look the same are then the same name.
 */
public final class Names {
    private Names() {
    }

    /** The normalised name; IllegalArgumentException naming {@code what} when it is empty, too long or has a character refused. */
    public static String normalise(String raw, int maxLength, String what) {
        if (raw == null) throw new IllegalArgumentException(what + " is required");
        String text = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        if (text.isEmpty()) throw new IllegalArgumentException(what + " is empty");
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw new IllegalArgumentException(what + " has more than " + maxLength + " characters");
        }
        int refused = firstRefused(text);
        if (refused >= 0) {
            throw new IllegalArgumentException(what + " contains the character U+" + String.format("%04X", refused)
                    + ", which is not allowed in a name");
        }
        return text;
    }

    /** The first code point that may not appear in a name, or -1. */
    public static int firstRefused(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!allowed(cp)) return cp;
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** Whether a code point may appear in a name (and, line breaks aside, in any text the ledger keeps). */
    public static boolean allowed(int cp) {
        if (cp == ' ') return true;
        if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF)) return false; // non-characters
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
