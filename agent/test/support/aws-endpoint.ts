/**
 * EC2 and RDS on loopback HTTP, speaking their real wire protocols to the real SDK clients:
 * the EC2 Query protocol (form-encoded `Action=DescribeInstances&Filter.1.Name=…`, camelCase
 * XML with `item` lists, `nextToken`, `<Response><Errors>` errors) and the AWS Query protocol
 * RDS uses (`MaxRecords`/`Marker`, `<…Result>` wrappers, `<ErrorResponse>` errors). The region
 * and service are read from the SigV4 credential scope, as AWS routes them. State lives in a
 * CloudWorld, so FakeCloud and this endpoint behave alike.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Instance } from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { type AwsFault, AwsFaultError, type CloudWorld, EC2_CODES } from './cloud-world.js';

export interface AwsRequest {
  service: string;
  region: string;
  action: string;
  params: Record<string, string>;
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const RDS_NS = 'http://rds.amazonaws.com/doc/2014-10-31/';

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | number | boolean | undefined | null) =>
  value === undefined || value === null ? '' : `<${name}>${esc(String(value))}</${name}>`;
const list = (name: string, member: string, items: readonly string[] | undefined) =>
  items && items.length > 0
    ? `<${name}>${items.map((i) => `<${member}>${i}</${member}>`).join('')}</${name}>`
    : '';

export class AwsEndpoint {
  /** Every request received, decoded. */
  readonly requests: AwsRequest[] = [];
  /**
   * The most items one page returns, whatever the client asks (AWS may always return fewer
   * than MaxResults/MaxRecords): small values make the SDK's paginators work for their living.
   */
  pageLimit = 1000;
  private server: Server | undefined;

  constructor(readonly world: CloudWorld) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    // Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261123/eu-west-1/ec2/aws4_request, …
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      req.headers.authorization ?? '',
    );
    const action = params.Action ?? '';
    if (!scope || req.method !== 'POST') {
      this.send(
        res,
        403,
        errorXml('rds', {
          code: 'MissingAuthenticationToken',
          message: 'Request is missing a SigV4 signature',
          status: 403,
        }),
      );
      return;
    }
    const [, region = '', service = ''] = scope;
    this.requests.push({ service, region, action, params });
    try {
      const body =
        service === 'ec2' ? this.ec2(action, region, params) : this.rds(action, region, params);
      this.send(res, 200, body);
    } catch (error) {
      if (!(error instanceof AwsFaultError)) throw error;
      this.send(res, error.fault.status, errorXml(service, error.fault));
    }
  }

  private send(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, {
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-requestid': randomUUID(),
    });
    res.end(body);
  }

  // --- EC2 -------------------------------------------------------------------------------

  private ec2(action: string, region: string, p: Record<string, string>): string {
    const wrap = (inner: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NS}"><requestId>${randomUUID()}</requestId>${inner}</${action}Response>`;
    if (action === 'DescribeInstances') {
      const filters = ec2Filters(p);
      const max = Number(p.MaxResults ?? 1000);
      if (!Number.isInteger(max) || max < 5 || max > 1000) {
        throw new AwsFaultError({
          code: 'InvalidParameterValue',
          message: `Value (${p.MaxResults}) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
          status: 400,
        });
      }
      const all = this.world.describeInstances(region).filter((i) => filters.every((f) => f(i)));
      const { page, next } = paginate(all, p.NextToken, Math.min(max, this.pageLimit));
      const reservations = page
        .map(
          (i, n) =>
            `<item><reservationId>r-${n}${i.InstanceId}</reservationId><ownerId>123456789012</ownerId><instancesSet>${instanceXml(i)}</instancesSet></item>`,
        )
        .join('');
      return wrap(`<reservationSet>${reservations}</reservationSet>${el('nextToken', next)}`);
    }
    if (action === 'StopInstances' || action === 'StartInstances') {
      const ids = Object.entries(p)
        .filter(([k]) => /^InstanceId\.\d+$/.test(k))
        .map(([, v]) => v);
      const changes = ids.map((id) => {
        const [previous, current] =
          action === 'StopInstances'
            ? this.world.stopInstance(region, id)
            : this.world.startInstance(region, id);
        return `<item><instanceId>${esc(id)}</instanceId><currentState>${stateXml(current)}</currentState><previousState>${stateXml(previous)}</previousState></item>`;
      });
      return wrap(`<instancesSet>${changes.join('')}</instancesSet>`);
    }
    throw new AwsFaultError({
      code: 'InvalidAction',
      message: `The action ${action} is not valid for this web service.`,
      status: 400,
    });
  }

  // --- RDS -------------------------------------------------------------------------------

  private rds(action: string, region: string, p: Record<string, string>): string {
    const wrap = (inner: string) =>
      `<${action}Response xmlns="${RDS_NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
    const max = Number(p.MaxRecords ?? 100);
    if (!Number.isInteger(max) || max < 20 || max > 100) {
      throw new AwsFaultError({
        code: 'InvalidParameterValue',
        message: 'Invalid value for MaxRecords: must be between 20 and 100',
        status: 400,
      });
    }
    const id = p.DBInstanceIdentifier ?? p.DBClusterIdentifier ?? '';
    switch (action) {
      case 'DescribeDBInstances': {
        const { page, next } = paginate(
          this.world.describeDatabases(region),
          p.Marker,
          Math.min(max, this.pageLimit),
        );
        return wrap(
          `<DBInstances>${page.map((d) => `<DBInstance>${databaseXml(d)}</DBInstance>`).join('')}</DBInstances>${el('Marker', next)}`,
        );
      }
      case 'DescribeDBClusters': {
        const { page, next } = paginate(
          this.world.describeClusters(region),
          p.Marker,
          Math.min(max, this.pageLimit),
        );
        return wrap(
          `<DBClusters>${page.map((c) => `<DBCluster>${clusterXml(c)}</DBCluster>`).join('')}</DBClusters>${el('Marker', next)}`,
        );
      }
      case 'StopDBInstance':
        return wrap(`<DBInstance>${databaseXml(this.world.stopDatabase(region, id))}</DBInstance>`);
      case 'StartDBInstance':
        return wrap(
          `<DBInstance>${databaseXml(this.world.startDatabase(region, id))}</DBInstance>`,
        );
      case 'StopDBCluster':
        return wrap(`<DBCluster>${clusterXml(this.world.stopCluster(region, id))}</DBCluster>`);
      case 'StartDBCluster':
        return wrap(`<DBCluster>${clusterXml(this.world.startCluster(region, id))}</DBCluster>`);
      default:
        throw new AwsFaultError({
          code: 'InvalidAction',
          message: `Could not find operation ${action}`,
          status: 400,
        });
    }
  }
}

/** `Filter.N.Name` / `Filter.N.Value.M`: the two tag filters Curfew uses, honestly applied. */
function ec2Filters(p: Record<string, string>): ((i: Instance) => boolean)[] {
  const out: ((i: Instance) => boolean)[] = [];
  for (let n = 1; p[`Filter.${n}.Name`] !== undefined; n += 1) {
    const name = p[`Filter.${n}.Name`] ?? '';
    const values: string[] = [];
    for (let m = 1; p[`Filter.${n}.Value.${m}`] !== undefined; m += 1) {
      values.push(p[`Filter.${n}.Value.${m}`] ?? '');
    }
    if (name === 'tag-key')
      out.push((i) => (i.Tags ?? []).some((t) => values.includes(t.Key ?? '')));
    else if (name.startsWith('tag:')) {
      const key = name.slice(4);
      out.push((i) => (i.Tags ?? []).some((t) => t.Key === key && values.includes(t.Value ?? '')));
    } else {
      throw new AwsFaultError({
        code: 'InvalidParameterValue',
        message: `The filter '${name}' is invalid`,
        status: 400,
      });
    }
  }
  return out;
}

/** Tokens are opaque to clients; here the offset, base64-encoded like AWS's look. */
function paginate<T>(items: readonly T[], token: string | undefined, size: number) {
  const start = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return {
    page,
    next: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined,
  };
}

function stateXml(name: string): string {
  return `<code>${EC2_CODES[name] ?? 0}</code><name>${esc(name)}</name>`;
}

function instanceXml(i: Instance): string {
  const tags = (i.Tags ?? [])
    .map((t) => `<item>${el('key', t.Key)}${el('value', t.Value)}</item>`)
    .join('');
  return `<item>${el('instanceId', i.InstanceId)}<instanceState>${stateXml(i.State?.Name ?? 'pending')}</instanceState>${el('instanceType', i.InstanceType)}${el('rootDeviceType', i.RootDeviceType)}${tags ? `<tagSet>${tags}</tagSet>` : ''}</item>`;
}

function tagListXml(
  tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): string {
  return list(
    'TagList',
    'Tag',
    (tags ?? []).map((t) => `${el('Key', t.Key)}${el('Value', t.Value)}`),
  );
}

function databaseXml(d: DBInstance): string {
  return [
    el('DBInstanceIdentifier', d.DBInstanceIdentifier),
    el('DBInstanceClass', d.DBInstanceClass),
    el('Engine', d.Engine),
    el('DBInstanceStatus', d.DBInstanceStatus),
    el('MultiAZ', d.MultiAZ),
    el('ReadReplicaSourceDBInstanceIdentifier', d.ReadReplicaSourceDBInstanceIdentifier),
    list(
      'ReadReplicaDBInstanceIdentifiers',
      'ReadReplicaDBInstanceIdentifier',
      (d.ReadReplicaDBInstanceIdentifiers ?? []).map(esc),
    ),
    el('DBClusterIdentifier', d.DBClusterIdentifier),
    tagListXml(d.TagList),
  ].join('');
}

function clusterXml(c: DBCluster): string {
  const members = (c.DBClusterMembers ?? []).map(
    (m) =>
      `${el('DBInstanceIdentifier', m.DBInstanceIdentifier)}${el('IsClusterWriter', m.IsClusterWriter)}`,
  );
  return [
    el('DBClusterIdentifier', c.DBClusterIdentifier),
    el('Engine', c.Engine),
    el('EngineMode', c.EngineMode),
    el('Status', c.Status),
    el('MultiAZ', c.MultiAZ),
    el('ReplicationSourceIdentifier', c.ReplicationSourceIdentifier),
    list(
      'ReadReplicaIdentifiers',
      'ReadReplicaIdentifier',
      (c.ReadReplicaIdentifiers ?? []).map(esc),
    ),
    el('GlobalClusterIdentifier', c.GlobalClusterIdentifier),
    list('DBClusterMembers', 'DBClusterMember', members),
    tagListXml(c.TagList),
  ].join('');
}

function errorXml(service: string, fault: AwsFault): string {
  if (service === 'ec2') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${esc(fault.code)}</Code><Message>${esc(fault.message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`;
  }
  const type = fault.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${RDS_NS}"><Error><Type>${type}</Type><Code>${esc(fault.code)}</Code><Message>${esc(fault.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}
