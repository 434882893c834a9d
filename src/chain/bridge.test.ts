import { describe, expect, it } from 'vitest';
import { Bridge } from './bridge.js';

describe('Bridge', () => {
  it('releases a transfer exactly latencySeconds later, less the fee', () => {
    const bridge = new Bridge({ id: 'b', asset: 'ETH', latencySeconds: 600, capacityPerHour: 1000, feeBps: 5 });
    expect(bridge.send(10, 0)).toBe(10);
    expect(bridge.arrived(599)).toBe(0);
    // 10 less 5 bps = 9.995.
    expect(bridge.arrived(600)).toBeCloseTo(9.995, 12);
  });

  it('rate-limits: a token bucket of one hour’s capacity that refills continuously', () => {
    const bridge = new Bridge({ id: 'b', asset: 'ETH', latencySeconds: 60, capacityPerHour: 100, feeBps: 0 });
    expect(bridge.send(150, 0)).toBe(100);
    expect(bridge.send(10, 0)).toBe(0);
    // Half an hour refills half the hourly capacity.
    expect(bridge.send(80, 1800)).toBeCloseTo(50, 12);
  });

  it('conserves the asset: locked = delivered + fees + in flight, at every step', () => {
    const bridge = new Bridge({ id: 'b', asset: 'ETH', latencySeconds: 300, capacityPerHour: 500, feeBps: 30 });
    for (let t = 0; t <= 3600; t += 60) {
      bridge.send(7 + (t % 11), t);
      bridge.arrived(t);
      expect(bridge.locked).toBeCloseTo(bridge.delivered + bridge.fees + bridge.inFlightUnits, 9);
    }
  });
});
