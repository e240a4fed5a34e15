import { describe, expect, it } from 'vitest';
import { principalOfClaims } from '#functions/api/principal-of-claims.js';
import { gatewayClaimsOf } from '#local/identity/gateway-claims.js';

describe('principalOfClaims', () => {
  it.each([
    ['no group: a rep', { 'custom:repId': 'dave' }, { repId: 'dave', role: 'rep' }],
    ['groups as API Gateway passes them', { 'custom:repId': 'mia', 'cognito:groups': '[manager]' }, { repId: 'mia', role: 'manager' }],
    ['several groups: the highest role', { 'custom:repId': 'ops', 'cognito:groups': '[manager admin]' }, { repId: 'ops', role: 'admin' }],
    ['groups as an array', { 'custom:repId': 'ops', 'cognito:groups': ['admin'] }, { repId: 'ops', role: 'admin' }],
    ['an unknown group grants nothing', { 'custom:repId': 'dave', 'cognito:groups': '[administrators]' }, { repId: 'dave', role: 'rep' }],
    [
      'a comma is part of a group name, not a separator',
      { 'custom:repId': 'dave', 'cognito:groups': '[sales,admin]' },
      { repId: 'dave', role: 'rep' },
    ],
    [
      'a group with a comma beside a real one',
      { 'custom:repId': 'mia', 'cognito:groups': '[sales,admin manager]' },
      { repId: 'mia', role: 'manager' },
    ],
    ['a bare string is one group', { 'custom:repId': 'dave', 'cognito:groups': 'sales,admin' }, { repId: 'dave', role: 'rep' }],
    ['a bare admin string', { 'custom:repId': 'ops', 'cognito:groups': 'admin' }, { repId: 'ops', role: 'admin' }],
  ])('%s', (_case, claims, principal) => {
    expect(principalOfClaims(claims)).toEqual(principal);
  });

  it.each([
    ['no claims', undefined],
    ['no rep id', { 'cognito:groups': '[admin]' }],
    ['a rep id that is no id', { 'custom:repId': 'not an id!' }],
  ])('refuses a token with %s', (_case, claims) => {
    expect(principalOfClaims(claims)).toBeUndefined();
  });

  it("reads groups as API Gateway serialises a token's array claim", () => {
    const claims = gatewayClaimsOf({ 'custom:repId': 'dave', 'cognito:groups': ['sales,admin', 'emea'] });
    expect(claims['cognito:groups']).toBe('[sales,admin emea]');
    expect(principalOfClaims(claims)).toEqual({ repId: 'dave', role: 'rep' });
  });
});
