import { describe, expect, it } from 'vitest';
import { EMPTY_ENDPOINT_FORM, toEndpointInput } from '../../../../src/renderer/src/features/endpoints/endpoint-form';
import { EMPTY_RULE_FORM, toRuleInput } from '../../../../src/renderer/src/features/rules/rule-form';

describe('rule form', () => {
  it('builds the contract input, leaving blank optional fields to the station', () => {
    const result = toRuleInput({ ...EMPTY_RULE_FORM, rule_name: ' Thruster ', condition: ' "thruster fault" ', threshold: '3', for: '' });
    expect(result).toEqual({
      ok: true,
      input: {
        rule_name: 'Thruster',
        kind: 'log_match',
        condition: '"thruster fault"',
        operator: '>',
        threshold: 3,
        window: '5m',
        severity: 'warning',
        notification_channels: ['in_app'],
      },
    });
  });

  it('refuses a threshold JSON cannot carry', () => {
    expect(toRuleInput({ ...EMPTY_RULE_FORM, threshold: 'lots' })).toEqual({ ok: false, message: 'Threshold must be a number.' });
    expect(toRuleInput({ ...EMPTY_RULE_FORM, threshold: ' ' }).ok).toBe(false);
  });

  it('leaves name and condition checks to the station', () => {
    expect(toRuleInput({ ...EMPTY_RULE_FORM, rule_name: '', condition: '' }).ok).toBe(true);
  });
});

describe('endpoint form', () => {
  it('sends only what was filled in', () => {
    expect(toEndpointInput({ ...EMPTY_ENDPOINT_FORM, endpoint_url: ' tcp://gs-1:7000 ' })).toEqual({ endpoint_url: 'tcp://gs-1:7000' });
    expect(
      toEndpointInput({ ...EMPTY_ENDPOINT_FORM, endpoint_url: 'https://x/health', kind: 'http', name: 'X', check_interval: '30s', timeout: '2s', spacecraft_id: 'SC-1' }),
    ).toEqual({ endpoint_url: 'https://x/health', kind: 'http', name: 'X', check_interval: '30s', timeout: '2s', spacecraft_id: 'SC-1' });
  });
});
