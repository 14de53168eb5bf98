/**
 * The services that have service-linked roles, as data: built at `npm run build` by
 * scripts/build-service-linked-roles.mjs from the AWS managed policy data and the recordings of
 * real AWS in scripts/data/service-linked-roles.txt, loaded on first use.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ServiceLinkedRoleSpec {
  /** The service principal (AWSServiceName), e.g. autoscaling.amazonaws.com. */
  readonly service: string;
  /** AWS's name for the role, e.g. AWSServiceRoleForAutoScaling. */
  readonly roleName: string;
  /** /aws-service-role/<service>/ */
  readonly path: string;
  /** The AWS managed policy (under /aws-service-role/) the role carries. */
  readonly policyArn: string;
  /** Whether CreateServiceLinkedRole takes a CustomSuffix for this service. */
  readonly customSuffix: boolean;
  /** The role's trust policy: the service may assume it. */
  readonly trustPolicy: string;
  /** 'recorded' (real AWS's answer) or 'aws-managed-policies' (derived from AWS's policies). */
  readonly source: string;
}

// Static data of this build, read once per process (not per-server state).
let byService: ReadonlyMap<string, ServiceLinkedRoleSpec> | undefined;

/** Every catalogued service, by service principal. */
export function serviceLinkedRoles(): ReadonlyMap<string, ServiceLinkedRoleSpec> {
  if (byService === undefined) {
    // dist/src/iam/service-linked/catalogue.js → dist/data/service-linked-roles.json
    const file = fileURLToPath(new URL('../../../data/service-linked-roles.json', import.meta.url));
    const list = JSON.parse(readFileSync(file, 'utf8')) as ServiceLinkedRoleSpec[];
    byService = new Map(list.map((s) => [s.service, s]));
  }
  return byService;
}
