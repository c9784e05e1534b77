package com.example.txndr.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The peering of the two regions' VPCs (network-peering.template.json), one side per stack: the
 * primary requests the connection and routes to the secondary; the secondary, given the
 * connection, routes back.
 */
class NetworkPeeringTemplateTest {
  private static final Template TEMPLATE =
      Template.load(RepoRoot.find().resolve("modules/network/templates/network-peering.template.json"));
  private static final String PRIMARY_VPC = "vpc-0a0a0a0a0a0a0a0a0";
  private static final String SECONDARY_VPC = "vpc-0b0b0b0b0b0b0b0b0";
  private static final String CONNECTION = "pcx-0c0c0c0c0c0c0c0c0";

  private static TemplateAssert template() {
    return TemplateAssert.assertThat(TEMPLATE);
  }

  /** The requester side, as the root stack nests it in the primary region. */
  private static Evaluator requester(Map<String, String> overrides) {
    Map<String, Object> values = new LinkedHashMap<>(Map.of("VpcId", PRIMARY_VPC, "PeerVpcId", SECONDARY_VPC,
        "RouteTableId", "rtb-0a0a0a0a0a0a0a0a0"));
    values.putAll(overrides);
    return Evaluator.of(TEMPLATE, "us-east-1", values);
  }

  /** The accepter side, as the root stack's second StackSet deploys it in the secondary region. */
  private static Evaluator accepter(String region) {
    return Evaluator.of(TEMPLATE, region, Map.of("VpcId", SECONDARY_VPC, "PeerVpcId", PRIMARY_VPC,
        "RouteTableId", "rtb-0b0b0b0b0b0b0b0b0", "PeeringConnectionId", CONNECTION));
  }

  @Test
  void primaryRequestsThePeeringFromItsVpcToTheSecondaryRegionsVpc() {
    Evaluator primary = requester(Map.of());
    assertThat(primary.exists("PeeringConnection")).isTrue();
    assertThat(primary.property("PeeringConnection", "VpcId").asText()).isEqualTo(PRIMARY_VPC);
    assertThat(primary.property("PeeringConnection", "PeerVpcId").asText()).isEqualTo(SECONDARY_VPC);
    assertThat(primary.property("PeeringConnection", "PeerRegion").asText()).isEqualTo("us-west-2");
  }

  @Test
  void sameAccountPeeringNamesNoPeerOwnerAndNoPeerRole() {
    template().hasResource("PeeringConnection", "AWS::EC2::VPCPeeringConnection")
        .doesNotHaveProperty("PeerOwnerId")
        .doesNotHaveProperty("PeerRoleArn")
        .hasCondition("RequestsPeering");
  }

  @Test
  void primaryRoutesTheSecondaryRangeToTheConnectionItCreates() {
    Evaluator primary = requester(Map.of());
    assertThat(primary.property("PeerVpcRoute", "DestinationCidrBlock").asText()).isEqualTo("10.20.0.0/16");
    assertThat(primary.property("PeerVpcRoute", "VpcPeeringConnectionId").asText()).isEqualTo("{{PeeringConnection}}");
    assertThat(primary.property("PeerVpcRoute", "RouteTableId").asText()).isEqualTo("rtb-0a0a0a0a0a0a0a0a0");
  }

  @Test
  void secondaryRoutesThePrimaryRangeToTheGivenConnectionAndCreatesNoConnection() {
    Evaluator secondary = accepter("us-west-2");
    assertThat(secondary.failedRules()).isEmpty();
    assertThat(secondary.exists("PeeringConnection")).isFalse();
    assertThat(secondary.property("PeerVpcRoute", "DestinationCidrBlock").asText()).isEqualTo("10.10.0.0/16");
    assertThat(secondary.property("PeerVpcRoute", "VpcPeeringConnectionId").asText()).isEqualTo(CONNECTION);
    assertThat(secondary.output("PeeringConnectionId").asText()).isEqualTo(CONNECTION);
  }

  @Test
  void onlyThePrimaryMayRequestThePeering() {
    Evaluator wrongRegion = Evaluator.of(TEMPLATE, "us-west-2", Map.of("VpcId", SECONDARY_VPC,
        "PeerVpcId", PRIMARY_VPC, "RouteTableId", "rtb-0b0b0b0b0b0b0b0b0"));
    assertThat(wrongRegion.failedRules()).containsExactly("Without PeeringConnectionId this stack requests the"
        + " peering, which the primary region does: deploy it in PrimaryRegion, or give the PeeringConnectionId the"
        + " primary created.");
  }

  @Test
  void onlyTheSecondaryMayAddTheAcceptersRoute() {
    assertThat(accepter("us-east-1").failedRules()).containsExactly("With PeeringConnectionId this stack adds the"
        + " accepter's route, which belongs in the secondary region: deploy it in SecondaryRegion, or leave"
        + " PeeringConnectionId empty to request the peering from the primary.");
  }

  @Test
  void aVpcCannotBePeeredWithItself() {
    assertThat(requester(Map.of("PeerVpcId", PRIMARY_VPC)).failedRules()).containsExactly(
        "VpcId and PeerVpcId must be the two regions' VPCs: this region's, and the other region's.");
  }

  @Test
  void overlappingRangesAreRejectedBeforeAPeeringCouldFail() {
    assertThat(requester(Map.of("SecondaryVpcCidr", "10.10.0.0/16")).failedRules()).containsExactly(
        "PrimaryVpcCidr and SecondaryVpcCidr must differ: peered VPCs cannot overlap, and two different /16"
            + " blocks never do. Set, for example, 10.10.0.0/16 and 10.20.0.0/16.");
  }

  @Test
  void rangeParametersAreDefinedAsInTheNetworkTemplate() {
    Template network = Template.ofModule("network");
    for (String name : new String[] {"PrimaryVpcCidr", "SecondaryVpcCidr"}) {
      assertThat(TEMPLATE.section("Parameters").path(name)).as(name).isEqualTo(network.section("Parameters").path(name));
    }
    assertThat(TEMPLATE.section("Rules").path("VpcCidrsDiffer")).isEqualTo(network.section("Rules").path("VpcCidrsDiffer"));
  }

  @Test
  void bothResourcesAreRetained() {
    template().hasResource("PeeringConnection").isRetained();
    template().hasResource("PeerVpcRoute", "AWS::EC2::Route").isRetained();
  }
}
