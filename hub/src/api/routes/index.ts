/** Every admin API operation, in the order the OpenAPI document lists them. */
import type { ApiRoute } from '../route.js';
import { createAction } from './actions-create.js';
import { getAction } from './actions-get.js';
import { listAudit } from './audit-list.js';
import { getCluster } from './clusters-get.js';
import { listClusters } from './clusters-list.js';
import { registerCluster } from './clusters-register.js';
import { revokeCluster } from './clusters-revoke.js';
import { rotateClusterToken } from './clusters-rotate.js';
import { updateCluster } from './clusters-update.js';
import { extendTimeBombs } from './extend.js';
import { listNamespaces } from './namespaces-list.js';
import { listPausedReconcilers } from './paused-reconcilers.js';
import { savingsReport } from './reports-savings.js';
import { listUnreachableOwners } from './unreachable-owners.js';

export const apiRoutes: ApiRoute[] = [
  registerCluster,
  listClusters,
  getCluster,
  updateCluster,
  revokeCluster,
  rotateClusterToken,
  listNamespaces,
  createAction,
  getAction,
  extendTimeBombs,
  listAudit,
  savingsReport,
  listUnreachableOwners,
  listPausedReconcilers,
];
