package org.parledger.api.common;

import java.text.Normalizer;

/**
 * Free text as the ledger keeps it (reasons, explanations, evidence references, titles): NFC-normalised and
 * trimmed, no longer than its limit, and without characters that print as nothing or as something else: control
 * characters (a line break or tab only in multi-line text), format characters, separators other than the plain
 * space, unpaired surrogates, private-use characters and non-characters. Whatever is stored forever is readable.
 */
public final class Texts {
    /** The longest text the command model accepts anywhere (an index set's document is parsed into shorter ones). */
    public static final int MAX_ANY = 200_000;

    private Texts() {
    }

    /** The normalised text; IllegalArgumentException saying what is wrong. */
    public static String normalise(String raw, int maxLength, boolean multiline) {
        String text = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw new IllegalArgumentException("has more than " + maxLength + " characters");
        }
        int refused = firstRefused(text, multiline);
        if (refused >= 0) {
            throw new IllegalArgumentException("contains the character U+" + String.format("%04X", refused)
                    + ", which is not allowed" + (multiline ? "" : " (this text is one line)"));
        }
        return text;
    }

    /** The first code point refused in such a text, or -1. */
    public static int firstRefused(String text, boolean multiline) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!(multiline && (cp == '\n' || cp == '\r' || cp == '\t')) && !Names.allowed(cp)) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }
}
