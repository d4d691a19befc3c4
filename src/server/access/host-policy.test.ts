import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { allowedHostNames, checkAllowedNames, hostHeaderName } from './host-policy.js';

describe('checkAllowedNames', () => {
  it('takes names and addresses as a Host header carries them, IPv6 bare or in brackets', () => {
    const hosts = ['kiosk.lan', 'KIOSK.lan', '10.0.0.5', '2001:db8::5', '[2001:db8::5]'];
    assert.doesNotThrow(() => checkAllowedNames(hosts, ['https://kiosk.lan', 'http://localhost:3000']));
    // And each of them then matches the Host header a browser sends for it.
    const allowed = allowedHostNames('0.0.0.0', hosts)!;
    for (const header of ['kiosk.lan:8787', '10.0.0.5:8787', '[2001:db8::5]:8787']) assert.ok(allowed.has(hostHeaderName(header)!), header);
  });

  it('refuses what no request can match: a port, a scheme, nothing; an origin with a path, a slash or no scheme', () => {
    for (const host of ['', 'kiosk.lan:8080', 'http://kiosk.lan', 'kiosk lan']) {
      assert.throws(() => checkAllowedNames([host], []), { code: 'INVALID_OPTION', message: new RegExp(`--allow-host "${host.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is not a host name`) }, host);
    }
    for (const origin of ['kiosk.lan', 'https://kiosk.lan/', 'https://kiosk.lan/app', 'ftp://kiosk.lan', '*']) {
      assert.throws(() => checkAllowedNames([], [origin]), { code: 'INVALID_OPTION' }, origin);
    }
  });
});
