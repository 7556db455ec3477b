/** A small Dockerfile reader: instructions grouped by stage, continuation lines joined. */

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    // Comments (and parser directives) are skipped, also inside a continued instruction.
    if (/^\s*#/.test(raw)) continue;
    const line = raw.trimEnd();
    if (line.endsWith('\\')) pending += `${line.slice(0, -1)} `;
    else {
      const joined = (pending + line).trim();
      pending = '';
      if (joined !== '') lines.push(joined);
    }
  }
  const file: Dockerfile = { args: {}, stages: [] };
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`cannot read FROM ${args}`);
      const image = (match[1] as string).replace(
        /^\$\{(\w+)\}$/,
        (_, name: string) => file.args[name] ?? '',
      );
      file.stages.push({ from: image, name: match[2], instructions: [] });
    } else if (upper === 'ARG' && file.stages.length === 0) {
      const [name = '', value = ''] = args.split('=');
      file.args[name] = value;
    } else {
      const stage = file.stages.at(-1);
      if (!stage) throw new Error(`${keyword} before the first FROM`);
      stage.instructions.push({ keyword: upper, args });
    }
  }
  return file;
}
