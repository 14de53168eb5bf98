#!/usr/bin/env bash
# The server-core flows, driven by the AWS CLI against a running Rolegate.
# Usage: ROLEGATE_URL=http://127.0.0.1:7653 AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… test/cli/aws-cli-flows.sh
set -euo pipefail
: "${ROLEGATE_URL:?set ROLEGATE_URL}"
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER='' AWS_MAX_ATTEMPTS=1
unset AWS_PROFILE AWS_SESSION_TOKEN
aws_() { aws --endpoint-url "$ROLEGATE_URL" --output json "$@"; }
q() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "-- $*"; }

step "sts get-caller-identity"
account=$(aws_ sts get-caller-identity | q "d['Account']")
[ -n "$account" ] || fail "no account"

step "iam users, keys, groups, policies"
aws_ iam create-user --user-name cli-dev --path /cli/ --tags Key=team,Value=blue >/dev/null
[ "$(aws_ iam get-user --user-name cli-dev | q "d['User']['Path']")" = "/cli/" ] || fail "path"
aws_ iam list-users --path-prefix /cli/ | q "[u['UserName'] for u in d['Users']]" | grep -q cli-dev || fail "list-users"
key=$(aws_ iam create-access-key --user-name cli-dev)
dev_id=$(echo "$key" | q "d['AccessKey']['AccessKeyId']")
dev_secret=$(echo "$key" | q "d['AccessKey']['SecretAccessKey']")
policy_arn=$(aws_ iam create-policy --policy-name cli-read --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListUsers"],"Resource":"*"}]}' | q "d['Policy']['Arn']")
aws_ iam create-group --group-name cli-readers >/dev/null
aws_ iam add-user-to-group --group-name cli-readers --user-name cli-dev
aws_ iam attach-group-policy --group-name cli-readers --policy-arn "$policy_arn"

step "enforcement: the group policy allows ListUsers, nothing allows CreateUser"
AWS_ACCESS_KEY_ID=$dev_id AWS_SECRET_ACCESS_KEY=$dev_secret aws_ iam list-users >/dev/null || fail "dev list-users"
if out=$(AWS_ACCESS_KEY_ID=$dev_id AWS_SECRET_ACCESS_KEY=$dev_secret aws_ iam create-user --user-name nope 2>&1); then fail "dev create-user allowed"; fi
echo "$out" | grep -q "AccessDenied" || fail "expected AccessDenied, got: $out"
echo "$out" | grep -q "is not authorized to perform: iam:CreateUser" || fail "wording: $out"

step "organizations: a member account with OrganizationAccountAccessRole"
aws_ organizations create-organization >/dev/null
car=$(aws_ organizations create-account --email cli-member@example.com --account-name cli-member | q "d['CreateAccountStatus']['Id']")
member=$(aws_ organizations describe-create-account-status --create-account-request-id "$car" | q "d['CreateAccountStatus']['AccountId']")
aws_ organizations list-accounts | q "[a['Id'] for a in d['Accounts']]" | grep -q "$member" || fail "list-accounts"

step "sts assume-role into the member account"
creds=$(aws_ sts assume-role --role-arn "arn:aws:iam::$member:role/OrganizationAccountAccessRole" --role-session-name cli)
[ "$(AWS_ACCESS_KEY_ID=$(echo "$creds" | q "d['Credentials']['AccessKeyId']") \
     AWS_SECRET_ACCESS_KEY=$(echo "$creds" | q "d['Credentials']['SecretAccessKey']") \
     AWS_SESSION_TOKEN=$(echo "$creds" | q "d['Credentials']['SessionToken']") \
     aws_ sts get-caller-identity | q "d['Account']")" = "$member" ] || fail "session account"

step "roles: create, read back, attach, instance profile, assume, delete"
trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'"$account"':root"},"Action":"sts:AssumeRole"}]}'
aws_ iam create-role --role-name cli-role --path /cli/ --assume-role-policy-document "$trust" --max-session-duration 7200 --tags Key=env,Value=test >/dev/null
[ "$(aws_ iam get-role --role-name cli-role | q "d['Role']['MaxSessionDuration']")" = "7200" ] || fail "max session duration"
aws_ iam get-role --role-name cli-role | q "d['Role']['AssumeRolePolicyDocument']['Statement'][0]['Action']" | grep -q "sts:AssumeRole" || fail "trust policy read back"
aws_ iam list-roles --path-prefix /cli/ | q "[r['RoleName'] for r in d['Roles']]" | grep -q cli-role || fail "list-roles"
aws_ iam attach-role-policy --role-name cli-role --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
aws_ iam put-role-policy --role-name cli-role --policy-name inline --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*"}]}'
aws_ iam create-instance-profile --instance-profile-name cli-profile >/dev/null
aws_ iam add-role-to-instance-profile --instance-profile-name cli-profile --role-name cli-role
if out=$(aws_ iam delete-role --role-name cli-role 2>&1); then fail "delete-role with attachments allowed"; fi
echo "$out" | grep -q DeleteConflict || fail "expected DeleteConflict, got: $out"
aws_ iam wait role-exists --role-name cli-role
rc=$(aws_ sts assume-role --role-arn "arn:aws:iam::$account:role/cli/cli-role" --role-session-name cli-session --duration-seconds 7200)
[ "$(echo "$rc" | q "d['AssumedRoleUser']['Arn']")" = "arn:aws:sts::$account:assumed-role/cli-role/cli-session" ] || fail "assume-role arn"
aws_ iam remove-role-from-instance-profile --instance-profile-name cli-profile --role-name cli-role
aws_ iam delete-instance-profile --instance-profile-name cli-profile
aws_ iam detach-role-policy --role-name cli-role --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
aws_ iam delete-role-policy --role-name cli-role --policy-name inline
aws_ iam delete-role --role-name cli-role

step "clean up"
aws_ iam detach-group-policy --group-name cli-readers --policy-arn "$policy_arn"
aws_ iam remove-user-from-group --group-name cli-readers --user-name cli-dev
aws_ iam delete-group --group-name cli-readers
aws_ iam delete-policy --policy-arn "$policy_arn"
aws_ iam delete-access-key --user-name cli-dev --access-key-id "$dev_id"
aws_ iam untag-user --user-name cli-dev --tag-keys team
aws_ iam delete-user --user-name cli-dev
echo "aws-cli flows: ok"
