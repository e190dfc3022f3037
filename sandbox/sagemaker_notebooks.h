#pragma once
// SageMaker notebook instances, served by SageMakerHandler from its store:
// ListNotebookInstances, DescribeNotebookInstance, StopNotebookInstance and
// StartNotebookInstance (their tags through the handler's ListTags/AddTags).
// AWS's state machine: InService -> Stopping -> Stopped -> Pending ->
// InService (or Failed with a reason), Updating -> Stopped, Deleting -> gone,
// each transition after the estate's sagemaker.notebook_state_seconds on the
// sandbox clock, evaluated lazily on each request.
#include <string>
#include <vector>

#include "sandbox/sagemaker_store.h"

namespace sandbox {

// The notebook operation the request names (X-Amz-Target), or "".
std::string NotebookOperation(const Request& request);
// Serves it with the store locked (NotebookOperation must name one).
Response HandleNotebookOperation(const Request& request, SageMakerStore& store);
// The notebook instance ARN the request names ("*" for the listing).
std::vector<std::string> NotebookIamResources(const Request& request, const std::string& account);

// The store's side, called with its lock held.
void AdvanceNotebooks(SageMakerStore& store);
// Reads section["notebook_instances"] (AWS's names: NotebookInstanceName,
// NotebookInstanceStatus, InstanceType, VolumeSizeInGB, FailureReason, Tags,
// and the estate-only SandboxStartFailure: a start ends Failed with it) and
// section["notebook_state_seconds"] (default 2).
void LoadNotebooks(SageMakerStore& store, const nlohmann::json& section);
// [{name, status, instance_type, volume_gb, tags}], no times: a stop then a
// start dumps the same.
nlohmann::json DumpNotebooks(const SageMakerStore& store);
void CollectTaggedNotebooks(const SageMakerStore& store, std::vector<TaggedResource>& out);
// For ListTags and AddTags on a notebook instance ARN's name.
bool NotebookExists(const SageMakerStore& store, const std::string& name);
// Adds `count` generated notebook instances (InService, ml.t3.medium, tag
// Project=generated) to a whole estate.
void GenerateNotebookEstate(int count, nlohmann::json& estate);

}  // namespace sandbox
