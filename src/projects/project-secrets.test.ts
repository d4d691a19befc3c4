import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withSecretsHidden, withStoredSecrets } from './project-secrets.js';
import { parseUserProject } from './projects.js';

const stored = parseUserProject('hooks', {
  classifiers: ['static'],
  actions: [
    { type: 'keyboard', bindings: { fist: 'space' } },
    { type: 'webhook', name: 'ci', on: ['fist'], url: 'https://ci.example/hook?api_key=CIKEY123', headers: { authorization: 'Bearer CITOKEN' } },
    { type: 'webhook', name: 'chat', on: ['open_palm'], url: 'https://chat.example/hook?api_key=CHATKEY1', headers: { authorization: 'Bearer CHATTOKEN' } },
    { type: 'command', name: 'lights', on: ['thumbs_up'], argv: ['hue-cli', 'on'], env: { HUE_TOKEN: 'HUESECRET', HUE_BRIDGE: '10.0.0.9' } },
  ],
});
const shown = stored.actions.map(withSecretsHidden);

describe('a project\'s secrets', () => {
  it('are hidden in a webhook as clients see it; other actions are shown as they are', () => {
    assert.deepEqual(shown[0], stored.actions[0]);
    assert.deepEqual(shown[1], { ...stored.actions[1], url: 'https://ci.example/hook?api_key=***', headers: { authorization: '***' } });
  });

  it('sent back hidden, are the stored ones of the webhook of the same name, wherever it now stands', () => {
    const settings = withStoredSecrets('hooks', { classifiers: ['static'], actions: [shown[2], shown[1]] }, stored) as { actions: unknown[] };
    assert.deepEqual(settings.actions, [
      { ...shown[2], url: 'https://chat.example/hook?api_key=CHATKEY1', headers: { authorization: 'Bearer CHATTOKEN' } },
      { ...shown[1], url: 'https://ci.example/hook?api_key=CIKEY123', headers: { authorization: 'Bearer CITOKEN' } },
    ]);
  });

  it('are not taken by another webhook\'s name, a header the webhook did not have, or a new project', () => {
    const chatAsCi = { ...shown[2], name: 'ci' };
    assert.throws(() => withStoredSecrets('hooks', { actions: [chatAsCi] }, stored), { code: 'INVALID_OPTION', message: /^invalid setting: projects\.hooks\.actions\.0\.url, projects\.hooks\.actions\.0\.headers\.authorization still hold \*\*\*/ });
    const newHeader = { ...shown[1], headers: { authorization: '***', 'x-api-key': '***' } };
    assert.throws(() => withStoredSecrets('hooks', { actions: [newHeader] }, stored), { message: /^invalid setting: projects\.hooks\.actions\.0\.headers\.x-api-key still holds \*\*\*/ });
    assert.throws(() => withStoredSecrets('copy', { actions: [shown[1]] }, undefined), { message: /projects\.copy\.actions\.0\.url, projects\.copy\.actions\.0\.headers\.authorization still hold/ });
  });

  it('are hidden in a command\'s variables, and kept sent back hidden while its argv is unchanged', () => {
    assert.deepEqual(shown[3], { ...stored.actions[3], env: { HUE_TOKEN: '***', HUE_BRIDGE: '***' } });
    const rotated = { ...shown[3], env: { HUE_TOKEN: '***', HUE_BRIDGE: '10.0.0.10' } };
    const settings = withStoredSecrets('hooks', { actions: [rotated] }, stored) as { actions: unknown[] };
    assert.deepEqual(settings.actions, [{ ...shown[3], env: { HUE_TOKEN: 'HUESECRET', HUE_BRIDGE: '10.0.0.10' } }]);
  });

  it('do not follow a command that was changed, renamed, or turned into a shell script, nor go to a webhook of its name', () => {
    const attempts = [
      { ...shown[3], argv: ['curl', 'https://elsewhere.example/'] },
      { ...shown[3], name: 'other' },
      { type: 'command', name: 'lights', on: ['thumbs_up'], shell: 'hue-cli on', env: { HUE_TOKEN: '***' } },
      { type: 'webhook', name: 'lights', on: ['thumbs_up'], url: 'https://x.example/', headers: { HUE_TOKEN: '***' } },
    ];
    for (const action of attempts) {
      assert.throws(() => withStoredSecrets('hooks', { actions: [action] }, stored), { code: 'INVALID_OPTION', message: /^invalid setting: projects\.hooks\.actions\.0\.(env|headers)\.HUE_TOKEN/ }, JSON.stringify(action));
    }
  });

  it('leave settings that are not a project\'s shape to the project\'s own checks', () => {
    for (const settings of [null, [1], { actions: 'none' }, { actions: [1, { type: 'webhook' }] }]) assert.deepEqual(withStoredSecrets('hooks', settings, stored), settings);
  });
});
