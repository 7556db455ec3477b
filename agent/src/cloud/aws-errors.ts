/**
 * AWS SDK errors → CloudError. The SDK names a modeled error after its shape (RDS's wire
 * code `InvalidDBInstanceState` arrives as `InvalidDBInstanceStateFault`); EC2 models none,
 * so its wire code is the name. Both spellings are accepted. Throttling never reaches here
 * unless the SDK's adaptive retry gave up on it.
 */
import { CloudError, type CloudErrorKind } from './types.js';

const BY_CODE: Readonly<Record<string, CloudErrorKind>> = {
  // EC2
  IncorrectInstanceState: 'wrong-state',
  IncorrectState: 'wrong-state',
  'InvalidInstanceID.NotFound': 'not-found',
  'InvalidInstanceID.Malformed': 'not-found',
  UnauthorizedOperation: 'denied',
  UnsupportedOperation: 'refused',
  InsufficientInstanceCapacity: 'unavailable',
  RequestLimitExceeded: 'unavailable',
  // RDS
  InvalidDBInstanceState: 'wrong-state',
  InvalidDBClusterStateFault: 'wrong-state',
  DBInstanceNotFound: 'not-found',
  DBClusterNotFoundFault: 'not-found',
  InsufficientDBInstanceCapacity: 'unavailable',
  InsufficientDBClusterCapacityFault: 'unavailable',
  // Both
  AccessDenied: 'denied',
  AccessDeniedException: 'denied',
  Throttling: 'unavailable',
  ThrottlingException: 'unavailable',
  ServiceUnavailable: 'unavailable',
  InternalFailure: 'unavailable',
};

interface SdkErrorShape {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

function kindOf(code: string, error: SdkErrorShape): CloudErrorKind {
  const known = BY_CODE[code] ?? BY_CODE[code.replace(/Fault$/, '')];
  if (known) return known;
  const status = error.$metadata?.httpStatusCode;
  // A 4xx the table does not know is AWS saying no to this request: asking again is no use.
  if (error.$fault === 'client' || (status !== undefined && status >= 400 && status < 500)) {
    return 'refused';
  }
  // 5xx, timeouts, connection refused: the cloud is not there right now.
  return 'unavailable';
}

/** `what` names the call for the message, e.g. "StopInstances i-0abc in eu-west-1". */
export function toCloudError(error: unknown, what: string): CloudError {
  if (error instanceof CloudError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const code = shape.name && shape.name !== 'Error' ? shape.name : 'NetworkError';
  const detail = shape.message ?? String(error);
  return new CloudError(`${what}: ${code}: ${detail}`, kindOf(code, shape), code);
}
