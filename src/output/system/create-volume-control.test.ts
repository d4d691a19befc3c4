import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { missingTools } from '../../testing/required-tools.js';
import { SoundServer, TEST_SINK } from '../../testing/sound-server.js';
import { isHandflowError } from '../../testing/handflow-error-assertion.js';
import { amixerMixer } from './amixer-mixer.js';
import { createVolumeControl } from './create-volume-control.js';
import { findExecutable } from '../../core/find-executable.js';
import { pactlMixer } from './pactl-mixer.js';

/** A PATH holding only the named programs (links to the installed ones): a machine where the others are missing. */
function pathWithOnly(folder: string, ...programs: string[]): string {
  for (const program of programs) symlinkSync(findExecutable(program) ?? program, join(folder, program));
  return folder;
}

describe(
  'createVolumeControl on a PulseAudio server with a null sink',
  { skip: missingTools('pulseaudio', 'pactl') },
  () => {
    let sound: SoundServer;
    const folders: string[] = [];
    const newFolder = (): string => {
      const folder = mkdtempSync(join(tmpdir(), 'handflow-volume-'));
      folders.push(folder);
      return folder;
    };
    /** The sink's volume as pactl prints it, e.g. "37%" for each channel. */
    const sinkVolume = async (): Promise<string> =>
      (await sound.pactl('get-sink-volume', TEST_SINK)).split('\n')[0] ?? '';

    before(async () => {
      sound = await SoundServer.start();
    });
    after(async () => {
      await sound?.stop();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    });

    test('pactl: setVolume changes the sink volume (read back with pactl get-sink-volume), getVolume reads it', async () => {
      const volume = await createVolumeControl({ env: sound.env });
      await volume.setVolume(37);
      assert.match(await sinkVolume(), /front-left: \d+ \/ +37% .*front-right: \d+ \/ +37% /);
      assert.equal(await volume.getVolume(), 37);
      await volume.setVolume(80.4);
      assert.match(await sinkVolume(), /front-left: \d+ \/ +80% /);
      assert.equal(await volume.getVolume(), 80);
    });

    test('pactl: setMuted mutes and unmutes the sink (read back with pactl get-sink-mute)', async () => {
      const volume = await createVolumeControl({ env: sound.env });
      await volume.setMuted(true);
      assert.equal((await sound.pactl('get-sink-mute', TEST_SINK)).trim(), 'Mute: yes');
      assert.equal(await volume.isMuted(), true);
      await volume.setMuted(false);
      assert.equal((await sound.pactl('get-sink-mute', TEST_SINK)).trim(), 'Mute: no');
      assert.equal(await volume.isMuted(), false);
    });

    test(
      'amixer: without pactl on PATH, the ALSA Master control changes the same sink',
      { skip: missingTools('amixer') },
      async () => {
        const volume = await createVolumeControl({ env: { ...sound.env, PATH: pathWithOnly(newFolder(), 'amixer') } });
        await volume.setVolume(55);
        assert.match(await sinkVolume(), /front-left: \d+ \/ +55% .*front-right: \d+ \/ +55% /);
        assert.equal(await volume.getVolume(), 55);
        await volume.setMuted(true);
        assert.equal((await sound.pactl('get-sink-mute', TEST_SINK)).trim(), 'Mute: yes');
        assert.equal(await volume.isMuted(), true);
        await volume.setMuted(false);
        assert.equal(await volume.isMuted(), false);
      },
    );

    test('an unreachable sound server fails at creation with one line saying what to start', async () => {
      const env = { ...sound.env, PULSE_SERVER: `unix:${join(newFolder(), 'no-server-here')}` };
      await assert.rejects(
        createVolumeControl({ env, linuxMixers: ['pactl'] }),
        isHandflowError(
          'SERVICE_UNAVAILABLE',
          /^no sound server reachable through pactl \(.*Connection refused\): start PulseAudio or PipeWire's pipewire-pulse, or set PULSE_SERVER$/,
        ),
      );
    });

    test(
      "when no installed mixer reaches a sound output, the error names each one's reason",
      { skip: missingTools('amixer') },
      async () => {
        const env = { ...sound.env, PULSE_SERVER: `unix:${join(newFolder(), 'no-server-here')}` };
        await assert.rejects(
          createVolumeControl({ env }),
          isHandflowError(
            'SERVICE_UNAVAILABLE',
            /^no mixer reached a sound output: no sound server reachable through pactl \(.*\): .*; no sound card or server reachable through amixer \(.*\): .*$/,
          ),
        );
      },
    );

    test('out-of-range volumes are refused before anything runs', async () => {
      const volume = await createVolumeControl({ env: sound.env });
      await assert.rejects(
        volume.setVolume(101),
        isHandflowError('INVALID_OPTION', /^volume must be between 0 and 100 percent, got 101$/),
      );
      await assert.rejects(volume.setVolume(Number.NaN), isHandflowError('INVALID_OPTION', /got NaN/));
    });
  },
);

describe('createVolumeControl without a mixer program', () => {
  test('names the packages to install', async (t) => {
    const empty = mkdtempSync(join(tmpdir(), 'handflow-volume-'));
    t.after(() => rmSync(empty, { recursive: true, force: true }));
    await assert.rejects(
      createVolumeControl({ env: { PATH: empty } }),
      isHandflowError(
        'TOOL_NOT_FOUND',
        /^no volume tool found: install pulseaudio-utils \(pactl\) or alsa-utils \(amixer\)$/,
      ),
    );
  });
});

describe('mixer output parsing (outputs as the real tools print them)', () => {
  test('pactl: the mean of the channels, capped at 100', () => {
    assert.equal(
      pactlMixer.parseVolume(
        'Volume: front-left: 24248 /  37% / -25.91 dB,   front-right: 26214 /  40% / -23.87 dB\n        balance 0.00\n',
      ),
      39,
    );
    assert.equal(pactlMixer.parseVolume('Volume: mono: 98304 / 150% / 10.57 dB\n'), 100);
    assert.equal(pactlMixer.parseVolume('Failure: No such entity\n'), undefined);
    assert.equal(pactlMixer.parseMuted('Mute: yes\n'), true);
  });

  test('amixer: the mean of the channels; muted when every channel switch is off', () => {
    const stereo =
      "Simple mixer control 'Master',0\n  Front Left: Playback 24248 [37%] [off]\n  Front Right: Playback 32768 [50%] [on]\n";
    assert.equal(amixerMixer.parseVolume(stereo), 44);
    assert.equal(amixerMixer.parseMuted(stereo), false);
    assert.equal(amixerMixer.parseMuted('  Mono: Playback 31 [100%] [0.00dB] [off]\n'), true);
    assert.equal(amixerMixer.parseVolume("Simple mixer control 'Master',0\n  Capabilities: pvolume\n"), undefined);
  });
});
