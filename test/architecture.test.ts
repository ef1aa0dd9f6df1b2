import { describe, expect, it } from 'vitest';
import { circles, importGraph, LAYERS, layerOf, upwardImports } from '../scripts/house';

// The import graph read from the sources themselves (scripts/house.ts; `npm run house` prints it).
const graph = importGraph();

describe('the import graph', () => {
  it('reads every source file and its imports', () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(graph.get('src/app.ts')).toContain('src/use-cases/deps.ts');
  });

  it('has no circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('has no import from a layer above', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('puts every file in a layer, bottom up', () => {
    expect(LAYERS.map((l) => l.name)).toEqual(['domain', 'views', 'repositories/agents/db', 'use-cases', 'jobs/slack/webhooks', 'app']);
    expect(layerOf('src/webhooks/github-webhook.ts')).toBe(layerOf('src/slack/route-request.ts'));
    expect(layerOf('src/domain/work-item.ts')).toBeLessThan(layerOf('src/views/card.ts'));
    expect(layerOf('src/integrations/slack/slack-api.ts')).toBeLessThan(layerOf('src/use-cases/publish-card.ts'));
    for (const file of graph.keys()) expect(() => layerOf(file)).not.toThrow();
  });
});

describe('the checks themselves', () => {
  it('find a circle and an upward import when there is one', () => {
    const bad = new Map([
      ['src/domain/a.ts', ['src/views/b.ts']],
      ['src/views/b.ts', ['src/domain/a.ts']],
      ['src/domain/c.ts', []],
    ]);
    expect(circles(bad)).toEqual([['src/domain/a.ts', 'src/views/b.ts']]);
    expect(upwardImports(bad)).toEqual(['src/domain/a.ts (domain) → src/views/b.ts (views)']);
  });
});
