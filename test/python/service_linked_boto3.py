"""boto3 against Rolegate: a service-linked role's lifecycle, deletion blocked by a resource a
service declared through Rolegate's own service (boto3 loads its model from AWS_DATA_PATH,
docs/rolegate-model), then succeeding once it is withdrawn; then CheckPassRole and
AssumeRoleForService, the latter refused for another source account (the confused deputy).

Run by test/integration/service-linked-roles-tasks.test.ts with ROLEGATE_ENDPOINT, AWS_DATA_PATH
and AWS credentials in the environment. Prints one JSON line of what it saw; exits non-zero
(with the reason) on a mismatch.
"""
import json
import os
import sys
import time

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ROLEGATE_ENDPOINT"]
iam = boto3.client("iam", endpoint_url=ENDPOINT, region_name="us-east-1")
rolegate = boto3.client("rolegate", endpoint_url=ENDPOINT, region_name="eu-west-1")


def check(cond, what):
    if not cond:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def error_of(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    return None


def settled(task_id):
    for _ in range(200):
        r = iam.get_service_linked_role_deletion_status(DeletionTaskId=task_id)
        if r["Status"] in ("SUCCEEDED", "FAILED"):
            return r
        time.sleep(0.01)
    check(False, f"task {task_id} did not finish")


role = iam.create_service_linked_role(AWSServiceName="elasticloadbalancing.amazonaws.com")["Role"]
check(role["RoleName"] == "AWSServiceRoleForElasticLoadBalancing", role["RoleName"])
check(role["Path"] == "/aws-service-role/elasticloadbalancing.amazonaws.com/", role["Path"])
check(
    error_of(iam.create_service_linked_role, AWSServiceName="elasticloadbalancing.amazonaws.com", CustomSuffix="x")
    == ("InvalidInput", "Custom suffix is not allowed for elasticloadbalancing.amazonaws.com"),
    "suffix refused",
)

lb = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188"
rolegate.declare_role_usage(RoleName=role["RoleName"], ResourceArns=[lb])
usage = rolegate.list_role_usage(RoleName=role["RoleName"])["RoleUsageList"]
check(usage == [{"Region": "eu-west-1", "Resources": [lb]}], usage)
missing = error_of(rolegate.list_role_usage, RoleName="nosuch")
check(missing == ("NoSuchEntityException", "The role with name nosuch cannot be found."), missing)

task = iam.delete_service_linked_role(RoleName=role["RoleName"])["DeletionTaskId"]
failed = settled(task)
check(failed["Status"] == "FAILED", failed)
check(failed["Reason"]["RoleUsageList"] == [{"Region": "eu-west-1", "Resources": [lb]}], failed["Reason"])
iam.get_role(RoleName=role["RoleName"])

rolegate.withdraw_role_usage(RoleName=role["RoleName"], ResourceArns=[lb])
done = settled(iam.delete_service_linked_role(RoleName=role["RoleName"])["DeletionTaskId"])
check(done["Status"] == "SUCCEEDED", done)
check(error_of(iam.get_role, RoleName=role["RoleName"])[0] == "NoSuchEntity", "role gone")
# Passing a role to a service, and the service assuming it with its source named (confused deputy).
account = os.environ["ROLEGATE_ACCOUNT"]
trust = {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": account}},
    }],
}
fn_role = iam.create_role(RoleName="boto-fn", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
passed = rolegate.check_pass_role(RoleArn=fn_role["Arn"], PassedToService="lambda.amazonaws.com")
check(passed["Allowed"] is True, passed)
got = rolegate.assume_role_for_service(
    RoleArn=fn_role["Arn"], ServicePrincipal="lambda.amazonaws.com", RoleSessionName="fn", SourceAccount=account
)
check(got["Credentials"]["AccessKeyId"].startswith("ASIA"), got["Credentials"]["AccessKeyId"])
deputy = error_of(
    rolegate.assume_role_for_service,
    RoleArn=fn_role["Arn"], ServicePrincipal="lambda.amazonaws.com", RoleSessionName="fn", SourceAccount="999999999999",
)
check(deputy is not None and deputy[0] in ("AccessDenied", "AccessDeniedException"), deputy)
print(json.dumps({"failed": failed["Status"], "done": done["Status"], "task": task, "passed": passed["Allowed"], "deputy": deputy[0]}))
