package com.example.txndr.simulation.check;

/** One way a run broke an invariant, with what shows it. */
public record Violation(Invariant invariant, String counterexample) {}
