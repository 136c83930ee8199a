import { describeFilter, parseOutboxId } from './writeback';
import { parseTerritorialScope } from './export';

describe('vigil writeback retry arguments', () => {
  it('takes repeated --id values as positive whole numbers and names the option otherwise', () => {
    expect(parseOutboxId('7', parseOutboxId('3'))).toEqual([3, 7]);
    expect(() => parseOutboxId('abc')).toThrow('--id: "abc" is not an outbox row id (a positive whole number)');
    expect(() => parseOutboxId('0')).toThrow('--id');
  });
  it('describes what it re-queues', () => {
    expect(describeFilter({})).toBe('all failed deliveries');
    expect(describeFilter({ destination: 'webhook', tenant: 'acme', since: new Date(0), ids: [4] })).toBe('destination webhook, tenant acme, failed since 1970-01-01T00:00:00.000Z, id 4');
  });
});

describe('vigil export dsa arguments', () => {
  it('accepts EEA country codes and refuses others, naming the option', () => {
    expect(parseTerritorialScope('de, fr')).toEqual(['DE', 'FR']);
    expect(() => parseTerritorialScope('DE,US')).toThrow('--territorial-scope: "US" not EEA country codes');
  });
});
