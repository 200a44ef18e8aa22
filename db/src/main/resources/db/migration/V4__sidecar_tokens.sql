-- A token of role sidecar is bound to one workload identity: the namespace and service account
-- whose workloads it may register and remove (and nothing else). Both are NULL for every other role.
ALTER TABLE api_tokens ADD COLUMN bound_namespace VARCHAR(63);
ALTER TABLE api_tokens ADD COLUMN bound_service_account VARCHAR(253);
