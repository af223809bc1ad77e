// The security settings: defaults, validation with messages that say what to fix (and never
// echo a secret), and how they reach the detection thresholds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config';
import { thresholdsFromConfig } from './thresholds';

describe('security settings', () => {
  it('defaults leave a clinician app and the test suite unthrottled, detection at its documented thresholds', () => {
    const s = loadConfig({}).security;
    assert.equal(s.rateLimitPerMinute, 1200);
    assert.equal(s.signInRateLimitPerMinute, 20);
    assert.equal(s.signInUserRateLimitPerMinute, 10);
    assert.equal(s.redisUrl, undefined);
    assert.equal(s.trustProxy, false);
    const t = thresholdsFromConfig(s);
    assert.deepEqual([t.volumeFloor, t.volumeMultiplier, t.outOfHoursPatients], [50, 3, 20]);
  });

  it('reads each setting', () => {
    const s = loadConfig({
      OPENPRACTICE_RATE_LIMIT_PER_MINUTE: '0',
      OPENPRACTICE_SIGNIN_RATE_LIMIT_PER_MINUTE: '5',
      OPENPRACTICE_SIGNIN_USER_RATE_LIMIT_PER_MINUTE: '3',
      OPENPRACTICE_REDIS_URL: 'redis://:secret@cache.internal:6379/2',
      OPENPRACTICE_TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
      OPENPRACTICE_ALERT_VOLUME_FLOOR: '80',
      OPENPRACTICE_ALERT_VOLUME_MULTIPLIER: '4',
      OPENPRACTICE_ALERT_OUT_OF_HOURS_PATIENTS: '10',
    }).security;
    assert.equal(s.rateLimitPerMinute, 0);
    assert.equal(s.redisUrl, 'redis://:secret@cache.internal:6379/2');
    assert.deepEqual(s.trustProxy, ['10.0.0.0/8', '192.168.1.1']);
    assert.deepEqual([thresholdsFromConfig(s).volumeFloor, thresholdsFromConfig(s).outOfHoursPatients], [80, 10]);
    assert.equal(loadConfig({ OPENPRACTICE_TRUST_PROXY: 'true' }).security.trustProxy, true);
    assert.equal(loadConfig({ OPENPRACTICE_TRUST_PROXY: '2' }).security.trustProxy, 2);
  });

  it('refuses bad values, saying which setting and what it must be', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ OPENPRACTICE_RATE_LIMIT_PER_MINUTE: '-1' }, /OPENPRACTICE_RATE_LIMIT_PER_MINUTE must be an integer from 0/],
      [{ OPENPRACTICE_SIGNIN_RATE_LIMIT_PER_MINUTE: '0' }, /OPENPRACTICE_SIGNIN_RATE_LIMIT_PER_MINUTE must be an integer from 1/],
      [{ OPENPRACTICE_ALERT_VOLUME_MULTIPLIER: '1.5' }, /OPENPRACTICE_ALERT_VOLUME_MULTIPLIER/],
      [{ OPENPRACTICE_TRUST_PROXY: 'the load balancer' }, /OPENPRACTICE_TRUST_PROXY must be/],
    ];
    for (const [env, message] of bad) assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    assert.throws(
      () => loadConfig({ OPENPRACTICE_REDIS_URL: 'http://:hunter2@cache' }),
      (e: unknown) => e instanceof ConfigError && /redis:\/\//.test(e.message) && !e.message.includes('hunter2'),
    );
  });
});
