package com.example.txndr.lambda.local;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.store.TableLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@code serve --create-resources}: what the templates create in AWS, made locally when
 * missing: the transactions table with its journal index (docs/conventions.md, "Table layout"),
 * the control table, and this region's SSM parameters. Existing resources are kept. The lease
 * is created by the keeper that {@code serve} runs.
 */
public final class ResourceBootstrap {
  private ResourceBootstrap() {}

  /**
   * The SDK's SSM client in this region, configured as the functions' clients. Only the local
   * jar holds the SDK's SSM module; the functions' Parameter Store calls go through
   * {@code AwsClients.parameterStore}.
   */
  public static SsmClient ssm(Config config) {
    return AwsClients.configure(SsmClient.builder(), config, config.region(), Duration.ofSeconds(5), 3).build();
  }

  /** Creates what is missing; returns one line per resource created. */
  public static List<String> createMissing(Config config, DynamoDbClient dynamoDb, SsmClient ssm) {
    List<String> created = new ArrayList<>();
    if (createTable(dynamoDb, config.tableName())) {
      created.add("table " + config.tableName());
    }
    if (config.controlTableName() != null && createControlTable(dynamoDb, config.controlTableName())) {
      created.add("control table " + config.controlTableName());
    }
    if (ssm != null && config.parameterPrefix() != null) {
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put("table-name", config.tableName());
      parameters.put("region-role", config.regionRole());
      parameters.put("peer-region", config.peerRegion());
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

  /** Creates the transactions table (and its journal index) unless it exists; true if created. */
  public static boolean createTable(DynamoDbClient dynamoDb, String tableName) {
    return create(dynamoDb, CreateTableRequest.builder().tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(TableLayout.PK), string(TableLayout.SK), string(TableLayout.JOURNAL_PK),
            string(TableLayout.JOURNAL_SK))
        .keySchema(key(TableLayout.PK, KeyType.HASH), key(TableLayout.SK, KeyType.RANGE))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(TableLayout.JOURNAL_INDEX)
            .keySchema(key(TableLayout.JOURNAL_PK, KeyType.HASH), key(TableLayout.JOURNAL_SK, KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build())
        .build());
  }

  /** Creates the control table unless it exists; true if created. */
  public static boolean createControlTable(DynamoDbClient dynamoDb, String tableName) {
    return create(dynamoDb, CreateTableRequest.builder().tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(TableLayout.PK), string(TableLayout.SK))
        .keySchema(key(TableLayout.PK, KeyType.HASH), key(TableLayout.SK, KeyType.RANGE))
        .build());
  }

  private static boolean create(DynamoDbClient dynamoDb, CreateTableRequest request) {
    try {
      dynamoDb.describeTable(r -> r.tableName(request.tableName()));
      return false;
    } catch (ResourceNotFoundException e) {
      // create below
    }
    try {
      dynamoDb.createTable(request);
    } catch (ResourceInUseException e) {
      return false;
    }
    dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(request.tableName()));
    return true;
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
