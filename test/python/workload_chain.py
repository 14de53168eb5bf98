"""boto3 with nothing but its default credential chain (instance metadata or container endpoint).

Run by the workload-credential tests with ROLEGATE_ENDPOINT and the endpoint's environment
(AWS_EC2_METADATA_SERVICE_ENDPOINT, or AWS_CONTAINER_CREDENTIALS_FULL_URI and its token) and no
AWS keys. Prints one JSON line: who it is, whether the allowed call worked, the denied call's code.
"""
import json
import os

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ROLEGATE_ENDPOINT"]
session = boto3.session.Session(region_name="us-east-1")
creds = session.get_credentials()
out = {"method": creds.method if creds else None}
out["arn"] = session.client("sts", endpoint_url=ENDPOINT).get_caller_identity()["Arn"]
iam = session.client("iam", endpoint_url=ENDPOINT)
out["roles"] = len(iam.list_roles()["Roles"])
try:
    iam.list_users()
    out["denied"] = None
except ClientError as e:
    out["denied"] = e.response["Error"]["Code"]
print(json.dumps(out))
