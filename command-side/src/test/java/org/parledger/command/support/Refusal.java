package org.parledger.command.support;

import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

import java.util.Objects;

/** Matches a refusal by its stable code and offending field. */
public final class Refusal extends TypeSafeMatcher<LedgerException> {
    private final ErrorCode code;
    private final String field;

    private Refusal(ErrorCode code, String field) {
        this.code = code;
        this.field = field;
    }

    public static Refusal refusal(ErrorCode code, String field) {
        return new Refusal(code, field);
    }

    @Override
    protected boolean matchesSafely(LedgerException e) {
        return e.code() == code && Objects.equals(e.field(), field);
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a refusal with code " + code + " on field " + field);
    }

    @Override
    protected void describeMismatchSafely(LedgerException e, Description description) {
        description.appendText("was " + e.code() + " on field " + e.field() + ": " + e.getMessage());
    }
}
