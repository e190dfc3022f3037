#include "services/dynamodb_client.h"

#include <nlohmann/json.hpp>

#include "aws/protocols/aws_json.h"
#include "services/wire_util.h"

namespace arm {
namespace {

using nlohmann::json;
using wire::Str;

const aws_json::JsonService kService{services::kDynamoDb, "DynamoDB_20120810", "1.0"};

}  // namespace

Result<std::vector<std::string>> DynamoDbClient::ListTables() {
  std::vector<std::string> out;
  std::string last;
  do {
    json input = {{"Limit", 100}};
    if (!last.empty()) input["ExclusiveStartTableName"] = last;
    Result<json> page = aws_json::Call(client_, kService, "ListTables", input);
    if (!page.ok()) return page.status();
    ARM_RETURN_IF_ERROR(wire::DecodeInto("ListTables", [&] {
      for (const json& n : wire::Array(*page, "TableNames")) {
        out.push_back(n.get<std::string>());
      }
      last = Str(*page, "LastEvaluatedTableName");
    }));
  } while (!last.empty());
  return out;
}

Result<TableInfo> DynamoDbClient::DescribeTable(const std::string& name) {
  Result<json> r = aws_json::Call(client_, kService, "DescribeTable", {{"TableName", name}});
  if (!r.ok()) {
    return wire::NotFoundIf(r.status(), {"ResourceNotFoundException"});
  }
  return wire::Decode("DescribeTable", [&] {
    const json& t = wire::Member(*r, "Table");
    TableInfo info;
    info.name = Str(t, "TableName");
    info.arn = Str(t, "TableArn");
    info.status = Str(t, "TableStatus");
    info.billing_mode = Str(wire::Member(t, "BillingModeSummary"), "BillingMode");
    if (info.billing_mode.empty()) info.billing_mode = "PROVISIONED";
    const json& throughput = wire::Member(t, "ProvisionedThroughput");
    info.read_capacity = wire::Int(throughput, "ReadCapacityUnits");
    info.write_capacity = wire::Int(throughput, "WriteCapacityUnits");
    info.item_count = wire::Int(t, "ItemCount");
    info.size_bytes = wire::Int(t, "TableSizeBytes");
    return info;
  });
}

}  // namespace arm
