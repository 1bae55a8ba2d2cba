import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { dataGeneration } from '../../db/generation.ts';
import { healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { ReadCache, rendered } from '../../src/server/read-cache.ts';

describe('ReadCache', () => {
  it('renders once per generation and key, and again when the data moves', () => {
    let generation = 1;
    let renders = 0;
    const cache = new ReadCache(() => generation);
    const render = () => {
      renders += 1;
      return rendered(`body ${generation}`, 'text/plain', null);
    };
    expect(cache.get('/a', render).body.toString()).toBe('body 1');
    cache.get('/a', render);
    cache.get('/a', render);
    expect(renders).toBe(1);
    cache.get('/b', render);
    expect(renders).toBe(2);
    generation = 2;
    expect(cache.get('/a', render).body.toString()).toBe('body 2');
    expect(renders).toBe(3);
  });

  it('forgets the least recently used entry past its bound', () => {
    let renders = 0;
    const cache = new ReadCache(() => 1, 2);
    const render = () => {
      renders += 1;
      return rendered(String(renders), 'text/plain', null);
    };
    cache.get('a', render);
    cache.get('b', render);
    cache.get('a', render);
    cache.get('c', render); // evicts b, the least recently used
    cache.get('a', render);
    expect(renders).toBe(3);
    cache.get('b', render);
    expect(renders).toBe(4);
  });
});

describe('the data generation', () => {
  it('moves with every write a reader could see, and not with reads', () => {
    const db: Db = memoryDb();
    const start = dataGeneration(db);
    healthyRun(db, 'pass', '2026-11-01T08:00:00.000Z', [posting('pass', 'A-1', { title: 'Apprenti(e)' })]);
    const afterRun = dataGeneration(db);
    expect(afterRun).toBeGreaterThan(start);
    db.prepare('SELECT * FROM postings').all();
    expect(dataGeneration(db)).toBe(afterRun);
    db.prepare(`UPDATE openings SET title = 'x'`).run();
    expect(dataGeneration(db)).toBeGreaterThan(afterRun);
  });
});
