package org.parledger.api.indexset;

import java.util.regex.Pattern;

/** Identifies an index set (Bộ chỉ số), e.g. "PROVINCE-2948-2017". */
public record IndexSetCode(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public IndexSetCode {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("an index set code is 1-64 letters, digits, '.', '_' or '-': " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
