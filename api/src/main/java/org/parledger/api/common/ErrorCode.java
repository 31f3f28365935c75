package org.parledger.api.common;

/** Stable codes for refused commands and bad requests; clients may switch on them, so never rename one. */
public enum ErrorCode {
    INVALID_ARGUMENT,
    POINTS_OUT_OF_RANGE,
    INVALID_POINTS,
    UNKNOWN_CRITERION,
    SURVEY_SCORED_CRITERION,
    EVIDENCE_SCORED_CRITERION,
    EVIDENCE_REQUIRED,
    REASON_REQUIRED,
    REFERENCE_REQUIRED,
    NOT_APPLICABLE_NOT_ALLOWED,
    CRITERION_NOT_APPLICABLE,
    NOTHING_TO_CORRECT,
    DECISION_REQUIRED,
    UNIT_CEASED,
    UNIT_NOT_IN_EXISTENCE,
    WRONG_ROLE,
    WRONG_UNIT,
    WRONG_AGENCY,
    NOT_READY_FOR_VERIFICATION,
    NOT_READY_FOR_PUBLICATION,
    NO_OPEN_CONTEST,
    QUERY_TOO_DEEP,
    QUERY_TOO_COMPLEX,
    DEADLINE_PASSED,
    WRONG_STAGE,
    UNKNOWN_UNIT,
    UNKNOWN_INDEX_SET,
    LEVEL_MISMATCH,
    /** Outside the scope (the national round, or one province's) of the grant, the index set or the round. */
    WRONG_SCOPE,
    YEAR_NOT_COVERED,
    INVALID_INDEX_SET,
    ALREADY_EXISTS,
    NOT_FOUND,
    CONFLICT,
    /** An anonymous request asked for something that needs a signed-in person. */
    UNAUTHENTICATED,
    /** The same person may not take two parts of one assessment that check each other (e.g. self-score and appraise). */
    SEPARATION_OF_DUTIES,
    /** Too many changes from one person in a short time; retry after extensions.retryAfterSeconds. */
    RATE_LIMITED,
    /** The ledger's events do not verify: something was altered outside the application. */
    INTEGRITY_VIOLATION,
    /**
     * The request ran out of its time budget (parledger.graphql.time-budget) before it was answered, or (field body)
     * its body did not arrive whole within parledger.graphql.body-timeout.
     */
    QUERY_TIMEOUT,
    /** The request's body is larger than the server takes. */
    REQUEST_TOO_LARGE,
    /**
     * A query's consistentWith position was not reached by the read model in time (parledger.query.consistency-wait):
     * retry shortly.
     */
    NOT_CAUGHT_UP,
    /**
     * Not available: either for now (the database cannot be reached or cannot take the change, e.g. out of disk;
     * extensions.retryAfterSeconds says when to ask again, and a change sent again with the same requestId is recorded
     * once), or in this installation at all (e.g.
     * a check that reads PostgreSQL's event table when the ledger is kept in Axon Server; no retryAfterSeconds).
     */
    UNAVAILABLE,
    /** A cited evidence file is not kept by the ledger for this unit (never uploaded for it, or a mistyped hash). */
    EVIDENCE_FILE_UNKNOWN,
    /** An uploaded file is not of a type the ledger keeps as evidence (PDF, images, office documents), whatever it claims. */
    UNSUPPORTED_MEDIA_TYPE,
    /**
     * A subscription beyond what one connection (parledger.graphql.subscriptions-per-connection), one client address
     * (parledger.graphql.subscriptions-per-address) or the node (parledger.graphql.subscriptions) keeps open at once: end
     * one first, or connect to another node.
     */
    TOO_MANY_SUBSCRIPTIONS,
    /**
     * A WebSocket connection beyond what one client address (parledger.graphql.websocket-connections-per-address) or
     * the node (parledger.graphql.websocket-connections) keeps open at once: close one first, or connect to another node.
     */
    TOO_MANY_CONNECTIONS,
    /** Something failed that the client could not have caused; it is logged on the server. */
    INTERNAL_ERROR
}
