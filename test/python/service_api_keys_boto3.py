"""boto3 against Rolegate: Bedrock and CloudWatch Logs API keys (service-specific credentials).

Run by test/integration/boto3-service-api-keys.test.ts with ROLEGATE_ENDPOINT and AWS credentials
in the environment. Prints one JSON line of what it saw; exits non-zero (with the reason) on a
mismatch.
"""
import base64
import json
import os
import re
import sys
from datetime import timedelta

import boto3
import botocore
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ROLEGATE_ENDPOINT"]
ACCOUNT = os.environ["ROLEGATE_ACCOUNT"]
iam = boto3.client("iam", endpoint_url=ENDPOINT, region_name="us-east-1")


def check(cond, what):
    if not cond:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def error_of(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return None


seen = {"botocore": botocore.__version__}
# Debian's python3-boto3 (1.26) predates API keys: its model has no CredentialAgeDays, AllUsers or
# the new response members, which it then drops. With such a model the wire answer is checked
# as received, and only what the old model can send is sent.
new_model = "CredentialAgeDays" in iam.meta.service_model.operation_model("CreateServiceSpecificCredential").input_shape.members
seen["new_model"] = new_model
raw = {}


def keep(http_response, model, **_):
    raw[model.name] = http_response.text


iam.meta.events.register("after-call.iam", keep)


def member(xml, name):
    m = re.search(f"<{name}>([^<]*)</{name}>", xml)
    return m.group(1) if m else None


iam.create_user(UserName="boto-bedrock")
if new_model:
    c = iam.create_service_specific_credential(UserName="boto-bedrock", ServiceName="bedrock.amazonaws.com", CredentialAgeDays=30)["ServiceSpecificCredential"]
    check(sorted(c) == ["CreateDate", "ExpirationDate", "ServiceCredentialAlias", "ServiceCredentialSecret", "ServiceName", "ServiceSpecificCredentialId", "Status", "UserName"], sorted(c))
    check(c["ExpirationDate"] - c["CreateDate"] == timedelta(days=30), (c["CreateDate"], c["ExpirationDate"]))
    alias, secret = c["ServiceCredentialAlias"], c["ServiceCredentialSecret"]
else:
    c = iam.create_service_specific_credential(UserName="boto-bedrock", ServiceName="bedrock.amazonaws.com")["ServiceSpecificCredential"]
    xml = raw["CreateServiceSpecificCredential"]
    alias, secret = member(xml, "ServiceCredentialAlias"), member(xml, "ServiceCredentialSecret")
    check(member(xml, "ServicePassword") is None and member(xml, "ExpirationDate") is None, xml)
check(c["ServiceName"] == "bedrock.amazonaws.com" and c["Status"] == "Active" and c["UserName"] == "boto-bedrock", c)
check(alias == f"boto-bedrock-at-{ACCOUNT}", alias)
check(re.fullmatch(r"ABSK[A-Za-z0-9+/]{109,269}={0,2}", secret or "") is not None, "secret shape")
check(base64.b64decode(secret[4:]).decode().startswith(f"boto-bedrock-at-{ACCOUNT}:"), "secret carries the alias")
listed = iam.list_service_specific_credentials(UserName="boto-bedrock", ServiceName="bedrock.amazonaws.com")["ServiceSpecificCredentials"]
check(len(listed) == 1 and "ServiceCredentialSecret" not in raw["ListServiceSpecificCredentials"], raw["ListServiceSpecificCredentials"])
if new_model:
    check(listed[0]["ExpirationDate"] == c["ExpirationDate"] and listed[0]["ServiceCredentialAlias"] == alias, listed)
seen["listed_status"] = listed[0]["Status"]

iam.reset_service_specific_credential(UserName="boto-bedrock", ServiceSpecificCredentialId=c["ServiceSpecificCredentialId"])
xml = raw["ResetServiceSpecificCredential"]
check(member(xml, "ServiceCredentialSecret") not in (None, secret) and member(xml, "ServicePassword") is None, xml)

iam.create_service_specific_credential(UserName="boto-bedrock", ServiceName="bedrock.amazonaws.com")
seen["quota"] = error_of(iam.create_service_specific_credential, UserName="boto-bedrock", ServiceName="bedrock.amazonaws.com")
check(seen["quota"] == ("LimitExceeded", "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2", 409), seen["quota"])
# boto3's modeled exception class resolves from the code.
try:
    iam.create_service_specific_credential(UserName="boto-bedrock", ServiceName="bedrock.amazonaws.com")
except iam.exceptions.LimitExceededException:
    seen["modeled_exception"] = True

iam.create_service_specific_credential(UserName="boto-bedrock", ServiceName="logs.amazonaws.com")
xml = raw["CreateServiceSpecificCredential"]
check(member(xml, "ServiceCredentialAlias") == f"boto-bedrock-at-{ACCOUNT}" and member(xml, "ExpirationDate") is None, xml)
if new_model:
    seen["age_for_codecommit"] = error_of(iam.create_service_specific_credential, UserName="boto-bedrock", ServiceName="codecommit.amazonaws.com", CredentialAgeDays=1)
    check(seen["age_for_codecommit"][0] == "InvalidInput" and seen["age_for_codecommit"][2] == 400, seen["age_for_codecommit"])
    everyone = iam.list_service_specific_credentials(AllUsers=True, ServiceName="logs.amazonaws.com")["ServiceSpecificCredentials"]
    check([k["UserName"] for k in everyone] == ["boto-bedrock"], everyone)

print(json.dumps(seen))
