import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { addressScope, isNearer } from './address-scope.js';

describe('addressScope', () => {
  it('tells public, private, link-local and loopback addresses apart, IPv4 written as IPv6 as well', () => {
    const expected = {
      public: ['8.8.8.8', '192.0.2.2', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888'],
      private: ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.20', '100.64.0.1', '224.0.0.1', '255.255.255.255', 'fd00::2', 'ff02::1', '::ffff:10.0.0.1'],
      'link-local': ['169.254.169.254', 'fe80::1', 'fe80::1%eth0', '::ffff:169.254.169.254'],
      loopback: ['127.0.0.1', '127.8.9.10', '0.0.0.0', '::1', '::', '::ffff:127.0.0.1', '::ffff:7f00:1'],
    };
    for (const [scope, addresses] of Object.entries(expected)) {
      for (const address of addresses) assert.equal(addressScope(address), scope, address);
    }
  });

  it('orders scopes from the internet in to this machine', () => {
    assert.ok(isNearer('loopback', 'private') && isNearer('link-local', 'private') && isNearer('private', 'public'));
    assert.ok(!isNearer('public', 'public') && !isNearer('private', 'loopback'));
  });
});
