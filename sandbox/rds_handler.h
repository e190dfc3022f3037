#pragma once
// Amazon RDS (query protocol, 2014-10-31, signing name "rds"):
// DescribeDBInstances, DescribeDBClusters (DBInstanceIdentifier /
// DBClusterIdentifier, filters db-instance-id and db-cluster-id, MaxRecords
// 20..100 with Marker), StopDBInstance, StartDBInstance, StopDBCluster and
// StartDBCluster over the estate's "rds" section (sandbox/rds_store.h),
// errors as <ErrorResponse>. Tagged databases show to the tagging API as
// arn:aws:rds:REGION:ACCOUNT:db:NAME and ...:cluster:NAME.
#include <memory>

#include "sandbox/service_handler.h"

namespace sandbox {

std::unique_ptr<ServiceHandler> MakeRdsHandler(const Context& context);

}  // namespace sandbox
