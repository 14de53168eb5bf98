"""boto3's default credential chain with nothing but AWS_CONTAINER_CREDENTIALS_FULL_URI (the
`rolegate pod-identity-agent` endpoint), AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (the pod's
service-account token) and AWS_ENDPOINT_URL: one call the role allows (iam:ListRoles, only for
sessions tagged kubernetes-namespace=payments), one it does not (iam:ListUsers).

Run by test/integration/pod-identity-clients.test.ts. Prints one JSON line of what it saw.
"""
import json

import boto3
import botocore

session = boto3.Session(region_name="us-east-1")
creds = session.get_credentials()
method = creds.method if creds is not None else None
iam = session.client("iam")
roles = iam.list_roles()["Roles"]
try:
    iam.list_users()
    denied = None
except botocore.exceptions.ClientError as e:
    denied = e.response["Error"]["Code"]
who = session.client("sts").get_caller_identity()["Arn"]
print(json.dumps({"method": method, "roles": len(roles), "denied": denied, "arn": who}))
