package com.example.txndr.simulation.protocol;

/** A fencing protocol under test: the one the project ships, or the baseline it replaced. */
public interface Protocol {
  String name();

  /** Creates the tables the protocol's code expects, in every region. */
  void createTables(NodeContext context);

  RegionNode node(String region, NodeContext context);

  /** Reads the final state (from the primary's replica; both replicas are compared). */
  FinalState finalState(NodeContext context);

  /** The protocol of {@code name}: {@code lease} or {@code baseline}. */
  static Protocol named(String name) {
    return switch (name) {
      case "lease" -> new LeaseProtocol();
      case "baseline" -> new BaselineProtocol();
      default -> throw new IllegalArgumentException("sim.protocol must be lease or baseline: got \"" + name + "\"");
    };
  }
}
