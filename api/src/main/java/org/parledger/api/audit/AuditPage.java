package org.parledger.api.audit;

import java.util.List;

public record AuditPage(List<AuditEntry> entries, boolean hasNextPage) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
