"""boto3 against Rolegate: login profiles, the account password policy and ChangePassword.

Run by test/integration/boto3-passwords.test.ts with ROLEGATE_ENDPOINT and AWS credentials in the
environment. Prints one JSON line of what it saw; exits non-zero (with the reason) on a mismatch.
"""
import json
import os
import sys

import boto3
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


seen = {}
# No policy yet: AWS's NoSuchEntity, 404, naming the account.
seen["no_policy"] = error_of(iam.get_account_password_policy)
check(seen["no_policy"] == ("NoSuchEntity", f"The Password Policy with domain name {ACCOUNT} cannot be found.", 404), seen["no_policy"])
# boto3's modeled exception class resolves from the code.
try:
    iam.get_account_password_policy()
except iam.exceptions.NoSuchEntityException:
    seen["modeled_exception"] = True

iam.update_account_password_policy(MinimumPasswordLength=10, RequireNumbers=True, AllowUsersToChangePassword=True, PasswordReusePrevention=3)
policy = iam.get_account_password_policy()["PasswordPolicy"]
check(policy["MinimumPasswordLength"] == 10 and policy["RequireNumbers"] is True and policy["PasswordReusePrevention"] == 3, policy)
check(policy["ExpirePasswords"] is False and "MaxPasswordAge" not in policy, policy)

iam.create_user(UserName="boto-user")
profile = iam.create_login_profile(UserName="boto-user", Password="boto-password-1", PasswordResetRequired=True)["LoginProfile"]
check(profile["UserName"] == "boto-user" and profile["PasswordResetRequired"] is True and profile["CreateDate"] is not None, profile)
seen["violation"] = error_of(iam.update_login_profile, UserName="boto-user", Password="no-digits-here")
check(seen["violation"][0] == "PasswordPolicyViolation" and seen["violation"][2] == 400, seen["violation"])
seen["exists"] = error_of(iam.create_login_profile, UserName="boto-user", Password="boto-password-1")
check(seen["exists"] == ("EntityAlreadyExists", "Login Profile for user boto-user already exists.", 409), seen["exists"])

# The user changes its own password with its own key (AllowUsersToChangePassword grants it).
key = iam.create_access_key(UserName="boto-user")["AccessKey"]
me = boto3.client("iam", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
me.change_password(OldPassword="boto-password-1", NewPassword="boto-password-2")
check(iam.get_login_profile(UserName="boto-user")["LoginProfile"]["PasswordResetRequired"] is False, "reset cleared")
seen["reuse"] = error_of(me.change_password, OldPassword="boto-password-2", NewPassword="boto-password-1")
check(seen["reuse"][0] == "PasswordPolicyViolation", seen["reuse"])

seen["delete_user"] = error_of(iam.delete_user, UserName="boto-user")
check(seen["delete_user"] == ("DeleteConflict", "Cannot delete entity, must delete login profile first.", 409), seen["delete_user"])
iam.delete_login_profile(UserName="boto-user")
iam.delete_account_password_policy()
print(json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in seen.items()}))
