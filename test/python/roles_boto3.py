"""boto3 against Rolegate: paginators across several pages and the role_exists waiter.

Run by test/integration/boto3.test.ts with ROLEGATE_ENDPOINT and AWS credentials in the
environment. Prints one JSON line of what it saw; exits non-zero (with the reason) on a mismatch.
"""
import json
import os
import sys
import threading
import time

import boto3

ENDPOINT = os.environ["ROLEGATE_ENDPOINT"]
iam = boto3.client("iam", endpoint_url=ENDPOINT, region_name="us-east-1")

TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})
PAGE = {"PageSize": 3}


def check(cond, what):
    if not cond:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def paged(op, key, **kwargs):
    """All items of a List call through boto3's paginator, and how many pages it took."""
    pages, items = 0, []
    for page in iam.get_paginator(op).paginate(PaginationConfig=PAGE, **kwargs):
        pages += 1
        items.extend(page[key])
    return items, pages


for i in range(8):
    iam.create_user(UserName=f"py-user-{i}", Path="/py/")
    iam.create_role(RoleName=f"py-role-{i}", Path="/py/", AssumeRolePolicyDocument=TRUST, Description=f"role {i}")
    iam.create_instance_profile(InstanceProfileName=f"py-profile-{i}", Path="/py/")
    iam.put_role_policy(RoleName="py-role-0", PolicyName=f"inline-{i}", PolicyDocument=POLICY)
    arn = iam.create_policy(PolicyName=f"py-policy-{i}", PolicyDocument=POLICY)["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="py-role-0", PolicyArn=arn)

seen = {}
roles, seen["list_roles"] = paged("list_roles", "Roles", PathPrefix="/py/")
check([r["RoleName"] for r in roles] == [f"py-role-{i}" for i in range(8)], f"list_roles names {roles}")
# botocore URL-decodes and parses policy documents, as it does AWS's: the trust policy must
# arrive URL-encoded JSON to come out as this dict.
check(all(r["AssumeRolePolicyDocument"] == json.loads(TRUST) for r in roles), "trust documents decode")
check(all("RoleLastUsed" not in r and "Tags" not in r for r in roles), "ListRoles carries no RoleLastUsed/Tags")
names, seen["list_role_policies"] = paged("list_role_policies", "PolicyNames", RoleName="py-role-0")
check(names == [f"inline-{i}" for i in range(8)], f"list_role_policies {names}")
attached, seen["list_attached_role_policies"] = paged("list_attached_role_policies", "AttachedPolicies", RoleName="py-role-0")
check(sorted(a["PolicyName"] for a in attached) == [f"py-policy-{i}" for i in range(8)], f"list_attached_role_policies {attached}")
profiles, seen["list_instance_profiles"] = paged("list_instance_profiles", "InstanceProfiles", PathPrefix="/py/")
check([p["InstanceProfileName"] for p in profiles] == [f"py-profile-{i}" for i in range(8)], f"list_instance_profiles {profiles}")
users, seen["list_users"] = paged("list_users", "Users", PathPrefix="/py/")
check([u["UserName"] for u in users] == [f"py-user-{i}" for i in range(8)], f"list_users {users}")
check(all(n == 3 for n in seen.values()), f"pages {seen}")

role = iam.get_role(RoleName="py-role-3")["Role"]
check(role["MaxSessionDuration"] == 3600 and role["RoleLastUsed"] == {} and role["Description"] == "role 3", f"get_role {role}")
check(role["RoleId"].startswith("AROA"), "AROA id")


def create_later():
    time.sleep(1.5)
    iam.create_role(RoleName="py-late", AssumeRolePolicyDocument=TRUST)


started = time.monotonic()
worker = threading.Thread(target=create_later)
worker.start()
iam.get_waiter("role_exists").wait(RoleName="py-late", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
waited = time.monotonic() - started
worker.join()
check(waited >= 1.0, f"the waiter returned before the role existed ({waited:.2f}s)")
iam.get_waiter("instance_profile_exists").wait(InstanceProfileName="py-profile-0", WaiterConfig={"Delay": 1, "MaxAttempts": 2})

print(json.dumps({"pages": seen, "waited": round(waited, 1)}))
