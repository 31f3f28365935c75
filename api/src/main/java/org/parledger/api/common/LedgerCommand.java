package org.parledger.api.common;

/** A command sent by a person (or by the application itself): it carries who sends it. */
public interface LedgerCommand {
    Principal principal();
}
