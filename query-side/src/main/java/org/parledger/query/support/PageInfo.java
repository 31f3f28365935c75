package org.parledger.query.support;

import java.util.List;

/**
 * Where a page stands in a cursor connection (GraphQL's cursor connection convention). Pages are read forwards,
 * with first and after: there is a previous page whenever the page does not start at the beginning.
 */
public record PageInfo(boolean hasPreviousPage, boolean hasNextPage, String startCursor, String endCursor) {

    /** The page of these cursors; an empty page ends where it was asked to start ({@code after}). */
    public static PageInfo of(List<String> cursors, String after, boolean hasPreviousPage, boolean hasNextPage) {
        return new PageInfo(hasPreviousPage, hasNextPage, cursors.isEmpty() ? null : cursors.get(0),
                cursors.isEmpty() ? after : cursors.get(cursors.size() - 1));
    }
}
