package com.example.txndr.client;

/**
 * A definitive 4xx other than a decline: the request is wrong (validation, a key reused for another
 * request, not authenticated or not allowed) and was not applied. Retrying it unchanged cannot help.
 *
 * @param code the API's {@code error.code}, or null when the answer had none (an authorizer's 401)
 */
public record Refused(int status, String code, String message, int attempts) implements TransferOutcome,
    LookupOutcome {}
