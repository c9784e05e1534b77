package com.example.txndr.contracts;

import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The VPC peering contract of a {@link Composition}: what makes an inter-region peering carry
 * traffic, checked on paper. For every {@code AWS::EC2::VPCPeeringConnection} the system creates:
 *
 * <ul>
 *   <li>its {@code VpcId} is a VPC of the connection's own region and its {@code PeerVpcId} a VPC
 *       of {@code PeerRegion} (the connection's region when absent): a peer named in another
 *       region than PeerRegion never stabilizes;
 *   <li>the two VPCs' ranges do not overlap (an overlapping request ends in state failed);
 *   <li>each side has a route to the other side's range through this connection, in every route
 *       table of its VPC that a subnet uses: without the accepter's route, traffic goes one way.
 * </ul>
 *
 * And every route through a peering connection names a connection the system creates, sits in a
 * route table of one of its two VPCs, and points at a range inside the other VPC. When each side
 * is created relative to the other is the {@link CrossRegionContract}'s order check: the peer VPC
 * ID and the connection ID cross regions as tokens needed at creation.
 */
final class PeeringContract {
  static final String CONNECTION = "AWS::EC2::VPCPeeringConnection";
  private static final String VPC = "AWS::EC2::VPC";
  private static final String ROUTE = "AWS::EC2::Route";
  private static final String ROUTE_TABLE = "AWS::EC2::RouteTable";
  private static final String ASSOCIATION = "AWS::EC2::SubnetRouteTableAssociation";

  private final Composition composition;
  private final List<String> problems = new ArrayList<>();
  private final List<String> routes = new ArrayList<>();

  private PeeringContract(Composition composition) {
    this.composition = composition;
  }

  /** Checks every peering connection and every route through one. */
  static PeeringContract of(Composition composition) {
    PeeringContract contract = new PeeringContract(composition);
    for (DeployedResource connection : composition.resources()) {
      if (connection.type().equals(CONNECTION)) {
        contract.connection(connection);
      }
    }
    for (DeployedResource route : composition.resources()) {
      if (route.type().equals(ROUTE) && route.property("VpcPeeringConnectionId").isValueNode()) {
        contract.route(route);
      }
    }
    return contract;
  }

  /** Every problem, one line each, saying what to change. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** The routes through a peering connection, one line each: route, table, destination, connection. */
  List<String> routes() {
    return List.copyOf(routes);
  }

  private void connection(DeployedResource connection) {
    Optional<DeployedResource> requester = vpc(connection, "VpcId", connection.region());
    String peerRegion = connection.property("PeerRegion").asText(connection.region());
    Optional<DeployedResource> accepter = vpc(connection, "PeerVpcId", peerRegion);
    if (requester.isEmpty() || accepter.isEmpty()) {
      return;
    }
    String requesterCidr = requester.get().property("CidrBlock").asText();
    String accepterCidr = accepter.get().property("CidrBlock").asText();
    if (overlap(requesterCidr, accepterCidr)) {
      problems.add(connection.id() + ": the VPCs' ranges " + requesterCidr + " and " + accepterCidr
          + " overlap, so the peering request would fail. Fix: give the two regions' VPCs ranges that do not overlap");
    }
    needsRouteBack(connection, requester.get(), accepterCidr, "requester");
    needsRouteBack(connection, accepter.get(), requesterCidr, "accepter");
  }

  /** The VPC a property of the connection names, when it is a VPC of {@code region}; else a problem. */
  private Optional<DeployedResource> vpc(DeployedResource connection, String property, String region) {
    String value = connection.property(property).asText();
    Optional<DeployedResource> vpc = resource(value).filter(r -> r.type().equals(VPC));
    if (vpc.isEmpty()) {
      problems.add(connection.id() + ": " + property + " \"" + value + "\" is not a VPC the system creates."
          + " Fix: pass the VPC of that side (the network stack's VpcId, or the peer's SSM parameter vpc-id)");
    } else if (!vpc.get().region().equals(region)) {
      problems.add(connection.id() + ": " + property + " is " + vpc.get().id() + ", a VPC in " + vpc.get().region()
          + ", but the connection looks for it in " + region + (property.equals("PeerVpcId") ? " (PeerRegion)" : "")
          + ". Fix: set PeerRegion to the peer VPC's region");
      return Optional.empty();
    }
    return vpc;
  }

  /** Each route table of {@code vpc} that a subnet uses must route {@code peerCidr} to the connection. */
  private void needsRouteBack(DeployedResource connection, DeployedResource vpc, String peerCidr, String side) {
    List<DeployedResource> tables = new ArrayList<>();
    for (DeployedResource association : composition.resources()) {
      if (association.type().equals(ASSOCIATION)) {
        resource(association.property("RouteTableId").asText())
            .filter(t -> t.type().equals(ROUTE_TABLE) && vpc.token().equals(t.property("VpcId").asText()))
            .filter(t -> !tables.contains(t)).ifPresent(tables::add);
      }
    }
    if (tables.isEmpty()) {
      problems.add(connection.id() + ": no subnet of the " + side + " VPC " + vpc.id() + " uses a route table of it,"
          + " so nothing there can use the peering. Fix: associate the VPC's subnets with its route table");
    }
    for (DeployedResource table : tables) {
      boolean routed = composition.resources().stream().anyMatch(r -> r.type().equals(ROUTE)
          && table.token().equals(r.property("RouteTableId").asText())
          && connection.token().equals(r.property("VpcPeeringConnectionId").asText())
          && peerCidr.equals(r.property("DestinationCidrBlock").asText()));
      if (!routed) {
        problems.add(connection.id() + ": route table " + table.id() + " of the " + side + " VPC has no route to "
            + peerCidr + " through the connection, so traffic could not " + (side.equals("accepter") ? "return" : "leave")
            + ". Fix: add the " + side + "'s route (network-peering.template.json"
            + (side.equals("accepter") ? " with PeeringConnectionId, in the peer region)" : ")"));
      }
    }
  }

  private void route(DeployedResource route) {
    String through = route.property("VpcPeeringConnectionId").asText();
    String destination = route.property("DestinationCidrBlock").asText();
    Optional<DeployedResource> connection = resource(through).filter(r -> r.type().equals(CONNECTION));
    Optional<DeployedResource> table = resource(route.property("RouteTableId").asText())
        .filter(r -> r.type().equals(ROUTE_TABLE));
    routes.add(route.id() + " in " + table.map(DeployedResource::id).orElse("?") + ": " + destination + " -> "
        + connection.map(DeployedResource::id).orElse(through));
    if (connection.isEmpty()) {
      problems.add(route.id() + ": VpcPeeringConnectionId \"" + through + "\" is not a peering connection the system"
          + " creates. Fix: pass the PeeringConnectionId output of the requester's peering stack");
      return;
    }
    if (table.isEmpty()) {
      return; // a route table given from outside the system: nothing to compare
    }
    Optional<DeployedResource> requester = resource(connection.get().property("VpcId").asText());
    Optional<DeployedResource> accepter = resource(connection.get().property("PeerVpcId").asText());
    String vpc = table.get().property("VpcId").asText();
    Optional<DeployedResource> other = requester.filter(v -> v.token().equals(vpc)).isPresent() ? accepter
        : accepter.filter(v -> v.token().equals(vpc)).isPresent() ? requester : Optional.empty();
    if (other.isEmpty()) {
      problems.add(route.id() + ": its route table " + table.get().id() + " is in neither VPC of "
          + connection.get().id() + ". Fix: route through the peering only from the two peered VPCs");
    } else if (!within(destination, other.get().property("CidrBlock").asText())) {
      problems.add(route.id() + ": routes " + destination + " through " + connection.get().id() + ", which is not inside"
          + " the peer VPC's range " + other.get().property("CidrBlock").asText() + ". Fix: route the peer VPC's range"
          + " (PrimaryVpcCidr or SecondaryVpcCidr)");
    }
  }

  private Optional<DeployedResource> resource(String value) {
    List<String> tokens = Composition.tokens(value);
    return tokens.size() == 1 && value.equals("{{" + tokens.get(0) + "}}") ? composition.resource(tokens.get(0))
        : Optional.empty();
  }

  /** Whether two IPv4 CIDR blocks share an address. */
  static boolean overlap(String a, String b) {
    long[] x = range(a);
    long[] y = range(b);
    return x != null && y != null && x[0] <= y[1] && y[0] <= x[1];
  }

  /** Whether block {@code inner} lies inside block {@code outer}. */
  static boolean within(String inner, String outer) {
    long[] i = range(inner);
    long[] o = range(outer);
    return i != null && o != null && o[0] <= i[0] && i[1] <= o[1];
  }

  /** The first and last address of an IPv4 CIDR block, or null when it is not one. */
  private static long[] range(String cidr) {
    String[] parts = cidr.split("/");
    String[] octets = parts[0].split("\\.");
    if (parts.length != 2 || octets.length != 4) {
      return null;
    }
    long start = 0;
    for (String octet : octets) {
      start = start << 8 | Long.parseLong(octet);
    }
    int prefix = Integer.parseInt(parts[1]);
    long size = 1L << (32 - prefix);
    start &= ~(size - 1) & 0xFFFFFFFFL;
    return new long[] {start, start + size - 1};
  }
}
