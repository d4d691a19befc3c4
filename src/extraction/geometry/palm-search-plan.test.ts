import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stillImageExtraSearches, videoSearchView } from './palm-search-plan.js';
import { shrunkImageView, tileViews, wholeImageView, type PalmView } from './palm-views.js';

const same = (a: PalmView, b: PalmView | undefined) => JSON.stringify(a) === JSON.stringify(b);

test('still images look at the shrunk image first, then at all the tiles together', () => {
  assert.deepEqual(stillImageExtraSearches(640, 480), [[shrunkImageView(640, 480)], tileViews(640, 480)]);
});

test("video searches alternate MediaPipe's view with the shrunk image and the tiles in turn", () => {
  const whole = wholeImageView(640, 480);
  const shrunk = shrunkImageView(640, 480);
  const tiles = tileViews(640, 480);
  const views = Array.from({ length: 28 }, (_, search) => videoSearchView(640, 480, search));
  // Even searches: MediaPipe's view; odd: shrunk, tile 0, shrunk, tile 1, ...
  assert.deepEqual(views.slice(0, 8), [whole, shrunk, whole, tiles[0], whole, shrunk, whole, tiles[1]]);
  assert.ok(views.filter((_, search) => search % 2 === 0).every((view) => same(view, whole)));
  // A close hand waits at most four searches; every tile comes round within four searches per tile, then again.
  for (let first = 0; first + 4 <= views.length; first++) assert.ok(views.slice(first, first + 4).some((view) => same(view, shrunk)));
  const tileSearches = tiles.map((tile) => views.findIndex((view) => same(view, tile)));
  assert.deepEqual(tileSearches, [3, 7, 11, 15, 19, 23]);
  assert.deepEqual(views[27], tiles[0]);
});
