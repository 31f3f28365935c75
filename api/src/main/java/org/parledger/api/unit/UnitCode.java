package org.parledger.api.unit;

import java.util.regex.Pattern;

/** A unit's official code, e.g. the statistics office's province code "22" for Quảng Ninh. */
public record UnitCode(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public UnitCode {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a unit code is 1-64 letters, digits, '.', '_' or '-': " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
