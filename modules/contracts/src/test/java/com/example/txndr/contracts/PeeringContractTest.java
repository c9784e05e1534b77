package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Composition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The peering contract over the real system, and each of its checks proved able to fail: steps
 * of small fixtures (a VPC per region, one side of a peering each) that keep it, and the same
 * steps with one thing wrong.
 */
class PeeringContractTest {

  private static Composition.Step step(String name, String fixture, String region, Map<String, ?> parameters) {
    return new Composition.Step(name, Repository.fixture("peering/" + fixture), List.of(region), parameters);
  }

  /** Both VPCs, the primary's request and the secondary's route back; {@code change} alters one step's parameters. */
  private static Composition steps(String changedStep, Map<String, String> change, boolean withAccepter) {
    return steps(changedStep, change, withAccepter, false);
  }

  private static Composition steps(String changedStep, Map<String, String> change, boolean withAccepter,
      boolean withOtherVpc) {
    Map<String, Map<String, String>> parameters = new LinkedHashMap<>();
    parameters.put("SecondaryVpc", Map.of("Cidr", "10.20.0.0/16"));
    parameters.put("PrimaryVpc", Map.of("Cidr", "10.10.0.0/16"));
    parameters.put("Requester", Map.of("VpcId", "{{PrimaryVpc.Outputs.VpcId}}", "PeerVpcId", "{{SecondaryVpc.Outputs.VpcId}}",
        "PeerRegion", "us-west-2", "RouteTableId", "{{PrimaryVpc.Outputs.RouteTableId}}", "Destination", "10.20.0.0/16"));
    parameters.put("Accepter", Map.of("RouteTableId", "{{SecondaryVpc.Outputs.RouteTableId}}", "Destination", "10.10.0.0/16",
        "PeeringConnectionId", "{{Requester.Outputs.PeeringConnectionId}}"));
    if (changedStep != null) {
      Map<String, String> changed = new LinkedHashMap<>(parameters.get(changedStep));
      changed.putAll(change);
      parameters.put(changedStep, changed);
    }
    List<Composition.Step> steps = new java.util.ArrayList<>(List.of(
        step("SecondaryVpc", "vpc.fixture.json", "us-west-2", parameters.get("SecondaryVpc")),
        step("PrimaryVpc", "vpc.fixture.json", "us-east-1", parameters.get("PrimaryVpc"))));
    if (withOtherVpc) {
      steps.add(step("OtherVpc", "vpc.fixture.json", "us-west-2", Map.of("Cidr", "10.30.0.0/16", "ProjectName", "other")));
    }
    steps.addAll(List.of(
        step("Requester", "peering.fixture.json", "us-east-1", parameters.get("Requester"))));
    if (withAccepter) {
      steps.add(step("Accepter", "peering.fixture.json", "us-west-2", parameters.get("Accepter")));
    }
    return Composition.deploy(steps, CustomResources.MODELS);
  }

  private static List<String> problems(String changedStep, Map<String, String> change) {
    return PeeringContract.of(steps(changedStep, change, true)).problems();
  }

  @Test
  void rootSystemPeersTheTwoVpcsWithARouteEachWay() {
    SystemDescription root = SystemDescription.load(Repository.resource("systems/root.system.json"));
    PeeringContract contract = PeeringContract.of(root.deploy(root.scenarios().get(0)));
    assertThat(contract.problems()).isEmpty();
    assertThat(contract.routes()).containsExactlyInAnyOrder(
        "Root/PeeringStack/PeerVpcRoute in Root/PrimaryRegionalStack/NetworkStack/PrivateRouteTable: 10.20.0.0/16"
            + " -> Root/PeeringStack/PeeringConnection",
        "Root/SecondaryPeeringStackSet[us-west-2]/PeerVpcRoute in Root/SecondaryStackSet[us-west-2]/NetworkStack"
            + "/PrivateRouteTable: 10.10.0.0/16 -> Root/PeeringStack/PeeringConnection");
  }

  @Test
  void rootSystemWithoutACreatedNetworkHasNoPeering() {
    SystemDescription root = SystemDescription.load(Repository.resource("systems/root.system.json"));
    SystemDescription.Scenario none = root.scenarios().stream().filter(s -> s.parameters().containsKey("NetworkMode"))
        .findFirst().orElseThrow();
    PeeringContract contract = PeeringContract.of(root.deploy(none));
    assertThat(contract.problems()).isEmpty();
    assertThat(contract.routes()).isEmpty();
  }

  @Test
  void stepsKeepingTheContractHaveNoProblem() {
    assertThat(problems(null, Map.of())).isEmpty();
  }

  @Test
  void withoutTheAcceptersRouteTrafficCannotReturn() {
    assertThat(PeeringContract.of(steps(null, Map.of(), false)).problems()).containsExactly(
        "Requester/PeeringConnection: route table SecondaryVpc/RouteTable of the accepter VPC has no route to"
            + " 10.10.0.0/16 through the connection, so traffic could not return. Fix: add the accepter's route"
            + " (network-peering.template.json with PeeringConnectionId, in the peer region)");
  }

  @Test
  void peerRegionOtherThanThePeerVpcsRegionIsReported() {
    assertThat(problems("Requester", Map.of("PeerRegion", "us-east-1"))).containsExactly(
        "Requester/PeeringConnection: PeerVpcId is SecondaryVpc/Vpc, a VPC in us-west-2, but the connection looks for"
            + " it in us-east-1 (PeerRegion). Fix: set PeerRegion to the peer VPC's region");
  }

  @Test
  void missingPeerRegionLooksForThePeerInTheConnectionsOwnRegion() {
    assertThat(problems("Requester", Map.of("PeerRegion", ""))).containsExactly(
        "Requester/PeeringConnection: PeerVpcId is SecondaryVpc/Vpc, a VPC in us-west-2, but the connection looks for"
            + " it in us-east-1 (PeerRegion). Fix: set PeerRegion to the peer VPC's region");
  }

  @Test
  void overlappingRangesAreReported() {
    assertThat(problems("SecondaryVpc", Map.of("Cidr", "10.10.128.0/17"))).contains(
        "Requester/PeeringConnection: the VPCs' ranges 10.10.0.0/16 and 10.10.128.0/17 overlap, so the peering request"
            + " would fail. Fix: give the two regions' VPCs ranges that do not overlap");
  }

  @Test
  void routeToARangeOutsideThePeerVpcIsReported() {
    assertThat(problems("Accepter", Map.of("Destination", "10.30.0.0/16"))).containsExactly(
        "Requester/PeeringConnection: route table SecondaryVpc/RouteTable of the accepter VPC has no route to"
            + " 10.10.0.0/16 through the connection, so traffic could not return. Fix: add the accepter's route"
            + " (network-peering.template.json with PeeringConnectionId, in the peer region)",
        "Accepter/PeerVpcRoute: routes 10.30.0.0/16 through Requester/PeeringConnection, which is not inside the peer"
            + " VPC's range 10.10.0.0/16. Fix: route the peer VPC's range (PrimaryVpcCidr or SecondaryVpcCidr)");
  }

  @Test
  void routeThroughAConnectionTheSystemDoesNotCreateIsReported() {
    assertThat(problems("Accepter", Map.of("PeeringConnectionId", "pcx-0123456789abcdef0"))).contains(
        "Accepter/PeerVpcRoute: VpcPeeringConnectionId \"pcx-0123456789abcdef0\" is not a peering connection the system"
            + " creates. Fix: pass the PeeringConnectionId output of the requester's peering stack");
  }

  @Test
  void routeFromAVpcOutsideThePeeringIsReported() {
    assertThat(PeeringContract.of(steps("Accepter", Map.of("RouteTableId", "{{OtherVpc.Outputs.RouteTableId}}"), true,
        true)).problems()).contains(
        "Accepter/PeerVpcRoute: its route table OtherVpc/RouteTable is in neither VPC of Requester/PeeringConnection."
            + " Fix: route through the peering only from the two peered VPCs");
  }

  @Test
  void peerVpcThatIsNotAVpcOfTheSystemIsReported() {
    assertThat(problems("Requester", Map.of("PeerVpcId", "vpc-0123456789abcdef0"))).contains(
        "Requester/PeeringConnection: PeerVpcId \"vpc-0123456789abcdef0\" is not a VPC the system creates. Fix: pass"
            + " the VPC of that side (the network stack's VpcId, or the peer's SSM parameter vpc-id)");
  }

  @Test
  void rootFixtureKeepingTheOrderHasNoOrderViolationAndNoPeeringProblem() {
    Composition composition = Composition.deploy(List.of(new Composition.Step("Root",
        Repository.fixture("peering/root.fixture.json"), List.of("us-east-1"), Map.of())), CustomResources.MODELS);
    assertThat(CrossRegionContract.of(composition).orderViolations()).isEmpty();
    assertThat(PeeringContract.of(composition).problems()).isEmpty();
  }

  @Test
  void peeringThatReadsTheSecondarysNetworkBeforeTheStackSetIsAnOrderViolation() {
    String root = Repository.fixture("peering/root-peers-before-the-secondary.fixture.json").name();
    String peering = Repository.fixture("peering/peering.fixture.json").name();
    Composition composition = Composition.deploy(List.of(new Composition.Step("Root",
        Repository.fixture("peering/root-peers-before-the-secondary.fixture.json"), List.of("us-east-1"), Map.of())),
        CustomResources.MODELS);
    assertThat(CrossRegionContract.of(composition).orderViolations()).contains(
        "Root/Requester (" + peering + " in us-east-1): Resources.PeeringConnection.Properties.PeerVpcId needs"
            + " Root/SecondaryNetwork[us-west-2]/Vpc (AWS::EC2::VPC in us-west-2) when it is created, but that is not"
            + " created before it: in Root (" + root + "), Requester does not depend on SecondaryNetwork. Fix: make the"
            + " referencing side depend on the creating side, or create the reference only when PeerRegionDeployed is true");
  }

  @Test
  void acceptersRouteNeedsTheConnectionTheRequesterCreatedEarlier() {
    Composition composition = Composition.deploy(List.of(new Composition.Step("Root",
        Repository.fixture("peering/root.fixture.json"), List.of("us-east-1"), Map.of())), CustomResources.MODELS);
    assertThat(CrossRegionContract.of(composition).references())
        .filteredOn(r -> r.where().equals("Resources.PeerVpcRoute.Properties.VpcPeeringConnectionId")
            && r.fromRegion().equals("us-west-2"))
        .singleElement().satisfies(r -> {
          assertThat(r.need()).isEqualTo(CrossRegionContract.Need.AT_CREATION);
          assertThat(r.creators()).extracting(c -> c.id()).containsExactly("Root/Requester/PeeringConnection");
        });
  }

  @Test
  void cidrArithmetic() {
    assertThat(PeeringContract.overlap("10.10.0.0/16", "10.20.0.0/16")).isFalse();
    assertThat(PeeringContract.overlap("10.10.0.0/16", "10.10.255.0/24")).isTrue();
    assertThat(PeeringContract.within("10.10.16.0/20", "10.10.0.0/16")).isTrue();
    assertThat(PeeringContract.within("10.0.0.0/8", "10.10.0.0/16")).isFalse();
  }
}
