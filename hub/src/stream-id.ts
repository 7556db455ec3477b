/**
 * Agent stream ids are `<hub instance>/<unique>`, so any replica that reads who holds a
 * cluster (the Presence port) knows which replica to tell. Shared by the agent-stream side
 * (which names its streams), routing (which nudges the holder) and the stores.
 */
export function streamIdFor(hubInstance: string, unique: string): string {
  return `${hubInstance}/${unique}`;
}

export function hubOfStream(streamId: string): string {
  const slash = streamId.lastIndexOf('/');
  return slash < 0 ? streamId : streamId.slice(0, slash);
}
