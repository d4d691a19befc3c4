import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import { decodeImageFile } from '../../ingestion/image-decoder.js';
import { openSource } from '../../ingestion/open-source.js';
import { parseSourceSpec } from '../../ingestion/source-spec.js';
import { isHandflowError } from '../../testing/handflow-error-assertion.js';
import { sharedData } from '../../testing/shared-data.js';
import { MIN_PATH_FRAMES, recordedSamples, seenHand, type SeenHand } from './gesture-recording.js';
import { handsInSource } from './hands-in-source.js';
import { fingertipSample, motionFeatures, poseFeatures } from './hand-samples.js';
import { PATH_POINTS } from './path-features.js';

let landmarker: HandLandmarker;
before(async () => {
  landmarker = await HandLandmarker.create({ maxHands: 2 });
});
after(async () => {
  await landmarker.close();
});

/** The one hand a photo gives a recording. */
async function photoHand(file: string): Promise<SeenHand> {
  const hands = await handsInSource(landmarker, openSource(await parseSourceSpec(sharedData(file))));
  assert.equal(hands.length, 1, `one hand in ${file}`);
  return hands[0]!;
}

test('a frame gives its surest hand, whatever order its hands come in, and none when it has none', async () => {
  const result = await landmarker.detect(await decodeImageFile(sharedData('mediapipe-samples/two_hands.jpg')));
  assert.equal(result.hands.length, 2);
  const surest = Math.max(...result.hands.map((hand) => hand.confidence));
  assert.ok(result.hands.some((hand) => hand.confidence < surest), 'the two hands differ in confidence');
  for (const hands of [result.hands, [...result.hands].reverse()]) {
    const seen = seenHand({ hands, imageWidth: result.imageWidth }, 40);
    assert.equal(seen?.hand.confidence, surest);
    assert.deepEqual([seen.imageWidth, seen.timestampMs], [640, 40]);
  }
  assert.equal(seenHand({ hands: [], imageWidth: 640 }, 40), undefined);
});

test('a static recording is a hand pose from every hand seen, a take without one adding nothing', async () => {
  const rock = await photoHand('hagrid-tiles/rock.png');
  const call = await photoHand('hagrid-tiles/call.png');
  const recorded = recordedSamples('static', [
    { from: 'rock.png', hands: [rock] },
    { from: 'empty.png', hands: [] },
    { from: 'call.png', hands: [call] },
  ]);
  assert.deepEqual(recorded, { samples: [poseFeatures(rock.hand), poseFeatures(call.hand)], durationsMs: [] });
});

test('a moving recording is the fingertip path of each take, with how long it took; a take with too few hands is refused by name', async () => {
  const hands = await handsInSource(landmarker, openSource(await parseSourceSpec(sharedData('dynamic-gestures/swipe_left_right.gif'))), 20);
  assert.ok(hands.length >= MIN_PATH_FRAMES && hands.length <= 20, `${hands.length} of the first 20 frames with a hand`);
  const recorded = recordedSamples('moving', [{ from: 'swipe_left_right.gif', hands }]);
  const path = hands.map(({ hand, imageWidth, timestampMs }) => fingertipSample(hand, imageWidth, timestampMs));
  assert.deepEqual(recorded.samples, [motionFeatures(path)]);
  assert.equal(recorded.samples[0]!.length, 2 * PATH_POINTS);
  assert.deepEqual(recorded.durationsMs, [hands.at(-1)!.timestampMs - hands[0]!.timestampMs]);
  assert.ok(recorded.durationsMs[0]! > 0);

  assert.equal(recordedSamples('moving', [{ from: 'just enough', hands: hands.slice(0, MIN_PATH_FRAMES) }]).samples.length, 1);
  const short = [{ from: 'swipe_left_right.gif', hands }, { from: 'short.gif', hands: hands.slice(0, MIN_PATH_FRAMES - 1) }];
  assert.throws(() => recordedSamples('moving', short), isHandflowError('NO_HAND_SEEN', /^a hand was seen in only 7 frames of short\.gif, too few for a path \(at least 8\): record again/));
});

test('no hand in any take is NO_HAND_SEEN, naming the takes and what to do', () => {
  for (const kind of ['static', 'moving'] as const) {
    assert.throws(
      () => recordedSamples(kind, [{ from: 'a.mp4', hands: [] }, { from: 'session s-1', hands: [] }]),
      isHandflowError('NO_HAND_SEEN', /^no hand was seen in a\.mp4, session s-1: hold the gesture in view of the camera and record again$/),
    );
  }
});
