"""boto3 against Rolegate: the account alias, the credential report as scripts read it (csv module
over the decoded blob) and an access advisor job, with boto3's modeled exceptions.

Run by test/integration/boto3.test.ts with ROLEGATE_ENDPOINT and AWS credentials in the
environment. Prints one JSON line of what it saw; exits non-zero (with the reason) on a mismatch.
"""
import csv
import io
import json
import os
import sys
import time

import boto3

ENDPOINT = os.environ["ROLEGATE_ENDPOINT"]
iam = boto3.client("iam", endpoint_url=ENDPOINT, region_name="us-east-1")


def check(cond, what):
    if not cond:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


iam.create_account_alias(AccountAlias="boto-alias")
check(iam.list_account_aliases()["AccountAliases"] == ["boto-alias"], "list_account_aliases")

try:
    iam.get_credential_report()
    check(False, "get_credential_report before generating")
except iam.exceptions.CredentialReportNotPresentException as e:
    # As AWS answers it (LocalStack's AWS-validated recording): 410, Code and Type, no Message.
    check(e.response["Error"] == {"Type": "Sender", "Code": "ReportNotPresent"}, f"ReportNotPresent: {e.response['Error']}")
    check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 410, "ReportNotPresent status")

iam.create_user(UserName="boto-user")
state = iam.generate_credential_report()["State"]
check(state == "STARTED", f"first generate: {state}")
while iam.generate_credential_report()["State"] != "COMPLETE":
    time.sleep(0.1)
report = iam.get_credential_report()
check(report["ReportFormat"] == "text/csv", "ReportFormat")
rows = list(csv.DictReader(io.StringIO(report["Content"].decode("utf-8"))))
check(rows[0]["user"] == "<root_account>", "root row first")
user = next(r for r in rows if r["user"] == "boto-user")
check(user["password_enabled"] == "false" and user["access_key_1_active"] == "false", f"boto-user row: {user}")
admin = next(r for r in rows if r["user"] == "admin")
check(admin["access_key_1_last_used_service"] == "iam", f"admin row: {admin}")

me = iam.get_user()["User"]["Arn"]
job = iam.generate_service_last_accessed_details(Arn=me, Granularity="ACTION_LEVEL")["JobId"]
details = iam.get_service_last_accessed_details(JobId=job, MaxItems=1000)
check(details["JobStatus"] == "COMPLETED", "JobStatus")
row = next(s for s in details["ServicesLastAccessed"] if s["ServiceNamespace"] == "iam")
check(row.get("LastAuthenticatedEntity") == me, f"iam row: {row}")
actions = sorted(a["ActionName"] for a in row.get("TrackedActionsLastAccessed", []))
try:
    iam.get_service_last_accessed_details(JobId="00000000-0000-4000-8000-000000000000")
    check(False, "unknown JobId")
except iam.exceptions.NoSuchEntityException:
    pass
iam.delete_account_alias(AccountAlias="boto-alias")
print(json.dumps({"rows": len(rows), "services": len(details["ServicesLastAccessed"]), "actions": actions}))
