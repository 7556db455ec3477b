import { describe, expect, it } from 'vitest';
import { CHARTS, readChartFile, templateFiles } from './support/charts.js';
import { stripTemplate, templateProblems } from './support/template-yaml.js';

const manifests = CHARTS.flatMap((chart) =>
  templateFiles(chart)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => ({ chart, file })),
);

describe('chart templates are plausible YAML once the actions are stripped', () => {
  it.each(manifests)('$chart/templates/$file', ({ chart, file }) => {
    expect(templateProblems(readChartFile(chart, `templates/${file}`))).toEqual([]);
  });

  it.each(CHARTS)('%s has the standard helpers and NOTES.txt', (chart) => {
    const helpers = readChartFile(chart, 'templates/_helpers.tpl');
    for (const name of ['fullname', 'labels', 'selectorLabels']) {
      expect(helpers).toContain(`{{- define "${chart}.${name}" -}}`);
    }
    expect(readChartFile(chart, 'templates/NOTES.txt').length).toBeGreaterThan(0);
  });

  it.each(CHARTS)('%s uses Chart.yaml apiVersion v2', (chart) => {
    expect(readChartFile(chart, 'Chart.yaml')).toMatch(/^apiVersion: v2$/m);
  });
});

describe('the strip-and-parse check itself', () => {
  const good = [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: {{ include "x.fullname" . }}-http',
    '  labels:',
    '    {{- include "x.labels" . | nindent 4 }}',
    'spec:',
    '  {{- if .Values.a }}',
    '  type: LoadBalancer',
    '  {{- else }}',
    '  type: ClusterIP',
    '  {{- end }}',
  ].join('\n');

  it('keeps only the first branch of an if, so else branches add no duplicate keys', () => {
    expect(stripTemplate(good)).not.toContain('ClusterIP');
    expect(templateProblems(good)).toEqual([]);
  });

  it.each([
    { name: 'bad indentation', text: good.replace('  name:', ' name:'), problem: 'document 1' },
    {
      name: 'a missing document separator',
      text: `${good}\napiVersion: v1\nkind: Secret`,
      problem: 'document 1',
    },
    { name: 'an unclosed if', text: good.replace('  {{- end }}', ''), problem: 'not closed' },
    {
      name: 'an end too many',
      text: `${good}\n{{- end }}`,
      problem: '"end" without an open block',
    },
    {
      name: 'a document without kind',
      text: good.replace('kind: Service', ''),
      problem: 'no kind',
    },
    {
      name: 'an unterminated quote',
      text: good.replace('type: LoadBalancer', 'type: "LoadBalancer'),
      problem: 'document 1',
    },
  ])('reports $name', ({ text, problem }) => {
    const problems = templateProblems(text);
    expect(
      problems.some((p) => p.includes(problem)),
      problems.join('\n'),
    ).toBe(true);
  });
});
