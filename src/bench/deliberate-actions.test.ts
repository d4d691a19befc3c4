import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { loadConfig } from '../orchestrator/config.js';
import { PROJECTS, findProject } from '../projects/projects.js';
import { VideoHands } from './extraction-cache.js';
import { naturalFootage, swipeFootage } from './footage.js';
import { replayProject } from './project-replay.js';

/*
 * The built-in projects on real footage, armed in dry run, as `npm run bench:activations` runs them: hands
 * signing, showing themselves and raising a thumb set off nothing they did not mean; deliberate swipes do.
 */

const config = await loadConfig({ env: {}, flags: {} });
const hands = new VideoHands({ ...config.extraction, mirrored: false });
after(() => hands.close());

test('natural footage (signing, showing a hand) sets off no click, key, notification or mute that was not meant', async () => {
  const falseActions: string[] = [];
  for (const clip of naturalFootage()) {
    const frames = await hands.of(clip.path);
    for (const project of PROJECTS.filter((candidate) => candidate.actions.length > 0)) {
      const { actions } = await replayProject(project, config, frames);
      for (const [call, { count, gesture }] of actions) if (!clip.deliberate.includes(gesture)) falseActions.push(`${clip.name} ${project.name} ${call} x${count}`);
    }
  }
  assert.deepEqual(falseActions, []);
});

test('the thumb raised in thumb_up_video.mp4 notifies once with gesture-notify', async () => {
  const clip = naturalFootage().find((candidate) => candidate.name === 'thumb_up_video.mp4')!;
  const { actions } = await replayProject(findProject('gesture-notify'), config, await hands.of(clip.path));
  assert.deepEqual([...actions].map(([call, { count }]) => `${call} x${count}`), ['notifier.notify(handflow) x1']);
});

test('presentation-control finds every swipe made in the dynamic-gestures clips, in order and direction', async (t) => {
  for (const clip of swipeFootage()) {
    const { events } = await replayProject(findProject('presentation-control'), config, await hands.of(clip.path));
    const seen = events.flatMap((event) => (event.type === 'gesture_detected' ? [event.data.gesture_type] : []));
    t.diagnostic(`${clip.name}: made ${clip.swipes!.join(', ')}; seen ${seen.join(', ')}`);
    const unmatched = [...clip.swipes!];
    for (const swipe of seen) if (swipe === unmatched[0]) unmatched.shift();
    assert.deepEqual(unmatched, [], `${clip.name}: swipes not found in order`);
  }
});
