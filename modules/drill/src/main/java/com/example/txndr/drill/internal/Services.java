package com.example.txndr.drill.internal;

/** Everything the CLI talks to: real AWS clients, or fakes in the tests. */
public record Services(
    StackReader stacks,
    HealthChecks healthChecks,
    LeaseTables tables,
    Http http,
    Metrics metrics,
    Backups backups,
    Functions functions,
    Resolver resolver,
    Ticker ticker) {}
