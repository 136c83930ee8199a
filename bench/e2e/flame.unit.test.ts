import { parseCpuProfile, summariseProfile } from './flame';

const encodeFrame = { functionName: 'encode', url: 'file:///work/main/node_modules/avsc/lib/types.js', lineNumber: 41 };

// Two call sites of the same function (nodes 4 and 5) must be summed into one row.
const tinyProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
    { id: 2, callFrame: { functionName: 'handleBatch', url: 'file:///work/main/services/route/main.ts', lineNumber: 9 } },
    { id: 3, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    { id: 4, callFrame: encodeFrame },
    { id: 5, callFrame: encodeFrame },
  ],
  startTime: 1_000,
  endTime: 1_045,
  samples: [2, 4, 5, 4, 3],
  timeDeltas: [0, 10, 10, 10, 10],
};

describe('flame summary of a cpuprofile', () => {
  it('given samples on two functions, when summarised, then self time is per function with shares of the busy time', () => {
    const summary = summariseProfile(parseCpuProfile(tinyProfile));
    expect(summary.idleMs).toBeCloseTo(0.005);
    expect(summary.sampledMs).toBeCloseTo(0.045);
    expect(summary.top.map((f) => f.name)).toEqual(['encode (avsc/lib/types.js:42)', 'handleBatch (services/route/main.ts:10)']);
    expect(summary.top[0]?.selfMs).toBeCloseTo(0.03);
    expect(summary.top[0]?.share).toBeCloseTo(0.75);
    expect(summary.top[1]?.share).toBeCloseTo(0.25);
  });

  it('given a limit, when summarised, then only the hottest functions are listed', () => {
    expect(summariseProfile(parseCpuProfile(tinyProfile), 1).top).toHaveLength(1);
  });

  it('given a window, when summarised, then samples outside it are left out', () => {
    // Samples start at 1000, 1010, 1020, 1030, 1040: the window keeps the 2nd and 3rd (both encode).
    const summary = summariseProfile(parseCpuProfile(tinyProfile), 15, { fromUs: 1_005, toUs: 1_025 });
    expect(summary.top).toEqual([{ name: 'encode (avsc/lib/types.js:42)', selfMs: 0.02, share: 1 }]);
    expect(summary.sampledMs).toBeCloseTo(0.02);
  });

  it('given JSON that is not a profile, when parsed, then the error names the missing field', () => {
    expect(() => parseCpuProfile({ nodes: [], startTime: 0, endTime: 1, samples: [] })).toThrow(/timeDeltas/);
    expect(() => parseCpuProfile({ ...tinyProfile, timeDeltas: [0] })).toThrow(/5 samples but 1 timeDeltas/);
  });
});
