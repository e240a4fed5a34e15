import { describe, expect, it } from 'vitest';
import { principalOfClaims } from '../../functions/api/principal-of-claims.js';

describe('principalOfClaims', () => {
  it.each([
    ['no group: a rep', { 'custom:repId': 'dave' }, { repId: 'dave', role: 'rep' }],
    ['groups as API Gateway passes them', { 'custom:repId': 'mia', 'cognito:groups': '[manager]' }, { repId: 'mia', role: 'manager' }],
    ['several groups: the highest role', { 'custom:repId': 'ops', 'cognito:groups': '[manager admin]' }, { repId: 'ops', role: 'admin' }],
    ['groups as an array', { 'custom:repId': 'ops', 'cognito:groups': ['admin'] }, { repId: 'ops', role: 'admin' }],
    ['an unknown group grants nothing', { 'custom:repId': 'dave', 'cognito:groups': '[administrators]' }, { repId: 'dave', role: 'rep' }],
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
});
