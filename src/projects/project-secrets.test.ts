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

  it('are hidden in a command\'s variables, and kept while its argv and variables are sent back as shown', () => {
    assert.deepEqual(shown[3], { ...stored.actions[3], env: { HUE_TOKEN: '***', HUE_BRIDGE: '***' } });
    const retimed = { ...shown[3], on: ['thumbs_down'], timeoutMs: 500 };
    const settings = withStoredSecrets('hooks', { actions: [retimed] }, stored) as { actions: unknown[] };
    assert.deepEqual(settings.actions, [{ ...retimed, env: { HUE_TOKEN: 'HUESECRET', HUE_BRIDGE: '10.0.0.9' } }]);
    const rotated = { ...shown[3], env: { HUE_TOKEN: 'NEWSECRET', HUE_BRIDGE: '10.0.0.9' } };
    assert.deepEqual((withStoredSecrets('hooks', { actions: [rotated] }, stored) as { actions: unknown[] }).actions, [rotated], 'every value given: nothing to keep');
  });

  it('do not follow a command given another variable, or one changed or dropped beside them', () => {
    // Each would send the token elsewhere: through a proxy, a library loaded into the command, or the bridge it reads.
    const attempts = [
      { ...shown[3], env: { HUE_TOKEN: '***', HUE_BRIDGE: '***', http_proxy: 'http://127.0.0.1:9' } },
      { ...shown[3], env: { HUE_TOKEN: '***', HUE_BRIDGE: '***', LD_PRELOAD: '/tmp/leak.so' } },
      { ...shown[3], env: { HUE_TOKEN: '***', HUE_BRIDGE: '10.0.0.66' } },
      { ...shown[3], env: { HUE_TOKEN: '***' } },
    ];
    for (const action of attempts) {
      assert.throws(() => withStoredSecrets('hooks', { actions: [action] }, stored), { code: 'INVALID_OPTION', message: /^invalid setting: projects\.hooks\.actions\.0\.env\.HUE_TOKEN.* still holds? \*\*\*.*to change one variable, give them all/ }, JSON.stringify(action));
    }
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
