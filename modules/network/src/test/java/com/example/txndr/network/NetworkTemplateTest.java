package com.example.txndr.network;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The network of one region (network.template.json): what it creates, what it lets through, and why. */
class NetworkTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("network");
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1111-2222";
  private static final List<String> SUBNETS = List.of("PrivateSubnetA", "PrivateSubnetB", "PrivateSubnetC");

  private static TemplateAssert template() {
    return TemplateAssert.assertThat(TEMPLATE);
  }

  private static Evaluator in(String region) {
    return in(region, Map.of());
  }

  private static Evaluator in(String region, Map<String, String> parameters) {
    Map<String, Object> values = new java.util.LinkedHashMap<>(parameters);
    values.putIfAbsent("KmsKeyArn", KEY);
    return Evaluator.of(TEMPLATE, region, values);
  }

  private static JsonNode policy(String endpoint) {
    return in("us-east-1").property(endpoint, "PolicyDocument");
  }

  @Test
  void vpcTakesThePrimaryRangeInThePrimaryRegionAndTheSecondaryRangeInTheSecondary() {
    assertThat(in("us-east-1").property("Vpc", "CidrBlock").asText()).isEqualTo("10.10.0.0/16");
    assertThat(in("us-west-2").property("Vpc", "CidrBlock").asText()).isEqualTo("10.20.0.0/16");
  }

  @Test
  void vpcAnswersDnsSoTheProcessorResolvesDynamoDbAndPrivateDnsEndpointsCanBeAdded() {
    template().hasResource("Vpc", "AWS::EC2::VPC")
        .hasPropertyEqualTo("EnableDnsSupport", true)
        .hasPropertyEqualTo("EnableDnsHostnames", true);
  }

  @Test
  void threePrivateSubnetsSplitTheRangeIntoNonOverlappingTwentyBitBlocks() {
    List<String> blocks = new ArrayList<>();
    for (String subnet : SUBNETS) {
      template().hasResource(subnet, "AWS::EC2::Subnet").hasPropertyEqualTo("MapPublicIpOnLaunch", false)
          .property("VpcId").isRef("Vpc");
      blocks.add(in("us-west-2").property(subnet, "CidrBlock").asText());
    }
    assertThat(blocks).containsExactly("10.20.0.0/20", "10.20.16.0/20", "10.20.32.0/20");
    template().hasResourceCount("AWS::EC2::Subnet", 3);
  }

  @Test
  void eachSubnetIsInItsOwnAvailabilityZoneNamedByZoneIdInBothRegions() {
    for (String region : List.of("us-east-1", "us-west-2")) {
      Set<String> zones = new TreeSet<>();
      for (String subnet : SUBNETS) {
        zones.add(in(region).property(subnet, "AvailabilityZoneId").asText());
        template().hasResource(subnet).doesNotHaveProperty("AvailabilityZone");
      }
      assertThat(zones).as("zones in %s", region).hasSize(3)
          .allMatch(z -> z.startsWith(region.equals("us-east-1") ? "use1-az" : "usw2-az"));
    }
    assertThat(in("us-east-1").property("PrivateSubnetC", "AvailabilityZoneId").asText())
        .as("use1-az3 is a constrained zone some services do not support").isNotEqualTo("use1-az3");
  }

  @Test
  void nothingInTheVpcCanReachOrBeReachedFromTheInternet() {
    for (String type : List.of("AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment",
        "AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::EC2::EgressOnlyInternetGateway", "AWS::EC2::Route",
        "AWS::EC2::TransitGatewayAttachment")) {
      template().hasNoResourceOfType(type);
    }
  }

  @Test
  void everySubnetUsesThePrivateRouteTable() {
    for (String subnet : SUBNETS) {
      template().hasResource(subnet + "RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation")
          .property("SubnetId").isRef(subnet);
      template().hasResource(subnet + "RouteTableAssociation").property("RouteTableId").isRef("PrivateRouteTable");
    }
    template().hasResourceCount("AWS::EC2::RouteTable", 1);
  }

  @Test
  void dynamoDbAndS3AreReachedThroughGatewayEndpointsOnThePrivateRouteTable() {
    Map<String, String> services = Map.of("DynamoDbGatewayEndpoint", "dynamodb", "S3GatewayEndpoint", "s3");
    services.forEach((endpoint, service) -> {
      template().hasResource(endpoint, "AWS::EC2::VPCEndpoint").hasPropertyEqualTo("VpcEndpointType", "Gateway")
          .hasPropertyEqualTo("RouteTableIds", List.of(Map.of("Ref", "PrivateRouteTable")));
      assertThat(in("us-west-2").property(endpoint, "ServiceName").asText())
          .isEqualTo("com.amazonaws.us-west-2." + service);
    });
  }

  @Test
  void noInterfaceEndpointBecauseNoCodeInTheVpcCallsAServiceThatNeedsOne() {
    template().hasResourceCount("AWS::EC2::VPCEndpoint", 2);
    for (String endpoint : TEMPLATE.resourceIdsOfType("AWS::EC2::VPCEndpoint")) {
      template().hasResource(endpoint).hasPropertyEqualTo("VpcEndpointType", "Gateway");
    }
  }

  @Test
  void dynamoDbEndpointAdmitsOnlyThisAccountsPrincipalsOnThisAccountsTablesInThisRegion() {
    assertThat(policy("DynamoDbGatewayEndpoint").path("Statement")).hasSize(1);
    template().hasResource("DynamoDbGatewayEndpoint").property("PolicyDocument").hasStatement(json("""
        {"Effect": "Allow", "Principal": "*", "Action": "dynamodb:*",
         "Resource": {"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:*"},
         "Condition": {"StringEquals": {"aws:PrincipalAccount": {"Ref": "AWS::AccountId"}}}}"""));
  }

  @Test
  void s3EndpointAdmitsOnlyThisAccountsPrincipalsOnThisAccountsBuckets() {
    assertThat(policy("S3GatewayEndpoint").path("Statement")).hasSize(1);
    template().hasResource("S3GatewayEndpoint").property("PolicyDocument").hasStatement(json("""
        {"Effect": "Allow", "Principal": "*", "Action": "s3:*",
         "Condition": {"StringEquals": {"aws:PrincipalAccount": {"Ref": "AWS::AccountId"},
                                        "aws:ResourceAccount": {"Ref": "AWS::AccountId"}}}}"""));
  }

  @Test
  void gatewayEndpointPoliciesNameNoAccountPrincipalWhichWouldMeanItsRootUserOnly() {
    for (String endpoint : TEMPLATE.resourceIdsOfType("AWS::EC2::VPCEndpoint")) {
      for (JsonNode statement : policy(endpoint).path("Statement")) {
        assertThat(statement.path("Principal").asText()).as("principal of %s", endpoint).isEqualTo("*");
        assertThat(statement.path("Condition").path("StringEquals").has("aws:PrincipalAccount"))
            .as("%s is limited to this account's principals", endpoint).isTrue();
      }
    }
  }

  @Test
  void functionSecurityGroupAcceptsNothingAndSendsOnlyHttpsToDynamoDb() {
    template().hasResource("FunctionSecurityGroup", "AWS::EC2::SecurityGroup")
        .doesNotHaveProperty("SecurityGroupIngress")
        .hasPropertyEqualTo("SecurityGroupEgress", List.of(Map.of("IpProtocol", "tcp", "FromPort", 443,
            "ToPort", 443, "DestinationPrefixListId",
            Map.of("Fn::FindInMap", List.of("GatewayPrefixLists", Map.of("Ref", "AWS::Region"), "DynamoDb")),
            "Description", "HTTPS to DynamoDB through the gateway endpoint")))
        .property("VpcId").isRef("Vpc");
    template().hasNoResourceOfType("AWS::EC2::SecurityGroupIngress");
    template().hasNoResourceOfType("AWS::EC2::SecurityGroupEgress");
  }

  @Test
  void egressGoesToTheAwsManagedDynamoDbPrefixListOfEachRegion() {
    assertThat(in("us-east-1").property("FunctionSecurityGroup", "SecurityGroupEgress[0].DestinationPrefixListId")
        .asText()).isEqualTo("pl-02cd2c6b");
    assertThat(in("us-west-2").property("FunctionSecurityGroup", "SecurityGroupEgress[0].DestinationPrefixListId")
        .asText()).isEqualTo("pl-00a54069");
  }

  @Test
  void flowLogRecordsAllTrafficOfTheVpcInTheEncryptedGroup() {
    template().hasResource("VpcFlowLog", "AWS::EC2::FlowLog")
        .hasPropertyEqualTo("ResourceType", "VPC")
        .hasPropertyEqualTo("TrafficType", "ALL")
        .hasPropertyEqualTo("LogDestinationType", "cloud-watch-logs")
        .property("ResourceId").isRef("Vpc");
    template().hasResource("VpcFlowLog").property("LogGroupName").isRef("FlowLogGroup");
  }

  @Test
  void flowLogGroupIsEncryptedWithTheCmkExpiresAndCarriesTheProjectsName() {
    template().hasResource("FlowLogGroup", "AWS::Logs::LogGroup")
        .hasPropertyEqualTo("LogGroupName",
            Map.of("Fn::Sub", "/aws/vendedlogs/${ProjectName}-${EnvironmentName}-vpc-flow-logs"))
        .property("KmsKeyId").isRef("KmsKeyArn");
    template().hasResource("FlowLogGroup").property("RetentionInDays").isRef("FlowLogRetentionInDays");
    template().hasParameter("FlowLogRetentionInDays").at("Default").isEqualTo(365);
  }

  @Test
  void keyPolicyLetsCloudWatchLogsEncryptTheFlowLogGroupInBothRegions() {
    Template kms = Template.ofModule("kms");
    for (String region : List.of("us-east-1", "us-west-2")) {
      JsonNode statement = null;
      for (JsonNode s : Evaluator.of(kms, region, Map.of()).property("DataKey", "KeyPolicy.Statement")) {
        if (s.path("Sid").asText().equals("CloudWatchLogsEncryptLogGroups")) {
          statement = s;
        }
      }
      assertThat(statement).as("CloudWatchLogsEncryptLogGroups in %s", region).isNotNull();
      assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("logs." + region + ".amazonaws.com");
      // One pattern or a list of them (the kms module lists this project's log-group prefixes).
      JsonNode value = statement.path("Condition").path("ArnLike").path("kms:EncryptionContext:aws:logs:arn");
      List<String> patterns = new java.util.ArrayList<>();
      if (value.isArray()) {
        value.forEach(v -> patterns.add(v.asText()));
      } else {
        patterns.add(value.asText());
      }
      String group = "arn:aws:logs:" + region + ":123456789012:log-group:"
          + in(region).property("FlowLogGroup", "LogGroupName").asText();
      assertThat(patterns.stream().anyMatch(p -> group.matches(p.replace("*", ".*"))))
          .as("flow-log group ARN %s in %s against %s", group, region, patterns).isTrue();
      assertThat(in(region).property("FlowLogGroup", "KmsKeyId").asText()).startsWith("arn:aws:kms:");
    }
  }

  @Test
  void flowLogsAreDeliveredWithTheIamModulesFlowLogRole() {
    String role = in("us-east-1").property("VpcFlowLog", "DeliverLogsPermissionArn").asText();
    assertThat(role).isEqualTo("arn:aws:iam::123456789012:role/txn-dr-prod-vpc-flow-logs");
    Template iam = Template.load(RepoRoot.moduleTemplate("iam"));
    assertThat(Evaluator.of(iam, "us-east-1", Map.of())
        .property("VpcFlowLogsRole", "RoleName").asText()).isEqualTo("txn-dr-prod-vpc-flow-logs");
  }

  @Test
  void equalRangesInTheTwoRegionsAreRejected() {
    assertThat(in("us-east-1", Map.of("SecondaryVpcCidr", "10.10.0.0/16")).failedRules()).containsExactly(
        "PrimaryVpcCidr and SecondaryVpcCidr must differ: peered VPCs cannot overlap, and two different /16"
            + " blocks never do. Set, for example, 10.10.0.0/16 and 10.20.0.0/16.");
    assertThat(in("us-east-1").failedRules()).isEmpty();
  }

  @Test
  void rangesArePrivateSixteenBitBlocksSoThatDistinctRangesNeverOverlap() {
    String pattern = TEMPLATE.section("Parameters").path("PrimaryVpcCidr").path("AllowedPattern").asText();
    assertThat(List.of("10.0.0.0/16", "10.255.0.0/16", "172.16.0.0/16", "172.31.0.0/16", "192.168.0.0/16"))
        .allMatch(c -> c.matches(pattern));
    assertThat(List.of("10.0.0.0/8", "10.1.2.0/24", "10.1.128.0/16", "172.32.0.0/16", "8.8.0.0/16", "10.256.0.0/16"))
        .noneMatch(c -> c.matches(pattern));
    assertThat(TEMPLATE.section("Parameters").path("SecondaryVpcCidr").path("AllowedPattern").asText())
        .isEqualTo(pattern);
  }

  @Test
  void outputsGiveTheRegionalTemplateTheSubnetsSecurityGroupRouteTableAndVpc() {
    template().hasOutput("VpcId").at("Value").isRef("Vpc");
    template().hasOutput("PrivateRouteTableId").at("Value").isRef("PrivateRouteTable");
    template().hasOutput("FunctionSecurityGroupId").at("Value").isGetAtt("FunctionSecurityGroup", "GroupId");
    assertThat(in("us-east-1").output("PrivateSubnetIds").asText())
        .isEqualTo("{{PrivateSubnetA}},{{PrivateSubnetB}},{{PrivateSubnetC}}");
  }

  @Test
  void templateIsRegionalAndChecksThatTheRegionsDiffer() {
    template().hasRule("RegionsDiffer");
    template().hasCondition("IsPrimaryRegion");
    assertThat(TEMPLATE.section("Parameters").has("RegionRole")).isFalse();
  }
}
