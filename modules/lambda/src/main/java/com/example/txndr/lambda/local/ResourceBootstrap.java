package com.example.txndr.lambda.local;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.store.ControlRepository;
import com.example.txndr.lambda.store.ControlShards;
import com.example.txndr.lambda.store.TableLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@code serve --create-resources}: what the templates create in AWS, made locally when
 * missing: the table (docs/conventions.md, "Table layout"), the control shards naming the
 * primary region active, and this region's SSM parameters. Existing resources are kept.
 */
public final class ResourceBootstrap {
  private ResourceBootstrap() {}

  /** Creates what is missing; returns one line per resource created. */
  public static List<String> createMissing(Config config, DynamoDbClient dynamoDb, SsmClient ssm) {
    List<String> created = new ArrayList<>();
    if (createTable(dynamoDb, config.tableName())) {
      created.add("table " + config.tableName());
    }
    ActiveRegion initial = new ActiveRegion(config.primaryRegion(), ActiveRegion.FIRST_EPOCH);
    ControlShards shards = ControlShards.from(config);
    if (new ControlRepository(dynamoDb, config.tableName(), shards).create(initial, "initial", Instant.now())) {
      created.add(shards.count() + " control shards: " + initial + " active");
    }
    if (ssm != null && config.parameterPrefix() != null) {
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put("table-name", config.tableName());
      parameters.put("region-role", config.regionRole());
      parameters.put("peer-region", config.peerRegion());
      parameters.put("active-region", config.primaryRegion());
      parameters.forEach((name, value) -> {
        String full = config.parameterPrefix() + "/" + name;
        try {
          ssm.putParameter(r -> r.name(full).value(value).type(ParameterType.STRING).overwrite(false));
          created.add("parameter " + full + " = " + value);
        } catch (ParameterAlreadyExistsException e) {
          // kept as it is
        }
      });
    }
    return created;
  }

  /** Creates the table unless it exists and waits until it is active; true if created. */
  public static boolean createTable(DynamoDbClient dynamoDb, String tableName) {
    try {
      dynamoDb.describeTable(r -> r.tableName(tableName));
      return false;
    } catch (ResourceNotFoundException e) {
      // create below
    }
    try {
      dynamoDb.createTable(r -> r.tableName(tableName)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName(TableLayout.PK).attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName(TableLayout.SK).attributeType(ScalarAttributeType.S).build())
          .keySchema(
              KeySchemaElement.builder().attributeName(TableLayout.PK).keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName(TableLayout.SK).keyType(KeyType.RANGE).build()));
    } catch (ResourceInUseException e) {
      return false;
    }
    dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(tableName));
    return true;
  }
}
