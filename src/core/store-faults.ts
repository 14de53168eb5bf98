/**
 * Store faults a client may retry, as the AWS errors the SDKs retry: the database out (503
 * ServiceUnavailable, AWS's common error) and a write that kept losing races with concurrent
 * writes (IAM's ConcurrentModification, 409: "multiple requests to change this object were
 * submitted simultaneously"; botocore data/iam/2010-05-08 ConcurrentModificationException).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
import { type AwsError, ConcurrentModification, ServiceUnavailable } from './errors.js';
import { StoreUnavailableError, WriteContentionError } from '../store/types.js';

export function storeFault(e: unknown): AwsError | undefined {
  if (e instanceof StoreUnavailableError) return ServiceUnavailable('The request has failed due to a temporary failure of the server.');
  if (e instanceof WriteContentionError) {
    return ConcurrentModification('The request was rejected because multiple requests to change this object were submitted simultaneously. Retry the request.');
  }
  return undefined;
}
