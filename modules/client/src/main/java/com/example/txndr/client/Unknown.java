package com.example.txndr.client;

/**
 * No definitive answer before the policy gave up: the request may or may not have been applied.
 * Resubmit it later with {@code idempotencyKey}; a new key could apply it twice.
 *
 * @param idempotencyKey the key every attempt carried; null for a read
 * @param lastStatus the last attempt's status, or -1 when it got no answer
 * @param lastSeen what the last attempt met, for the log
 */
public record Unknown(String idempotencyKey, int lastStatus, String lastSeen, int attempts)
    implements TransferOutcome, LookupOutcome {}
