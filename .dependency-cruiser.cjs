/**
 * The layers of handflow, lowest first: a module may import from its own layer and the layers below it, never
 * from a layer above. `npm test` runs this check (`npm run check:layers`), so an upward import fails CI.
 */
const LAYERS = [
  ['core'],
  ['models', 'ingestion'],
  ['preprocessing'],
  ['extraction'],
  ['inference'],
  ['output'],
  ['projects'],
  ['orchestrator'],
  ['cluster'],
  ['server', 'cli'],
  // Not shipped (package.json "files" leaves dist/bench and dist/soak out): nothing shipped may import them.
  ['bench', 'soak'],
];

const folders = (names) => `^src/(${names.join('|')})/`;

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `${layer.join('-')}-imports-upward`,
  comment: `${layer.join(' and ')} may not import from ${LAYERS.slice(index + 1).flat().join(', ')}: move the shared part down, or pass it in`,
  severity: 'error',
  from: { path: folders(layer) },
  to: { path: folders(LAYERS.slice(index + 1).flat()) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'public-entry-only-at-the-top',
      comment: 'src/index.ts is what users import; nothing inside handflow imports it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'no-test-helpers-in-shipping-code',
      comment: 'test helpers (src/testing, */testing/) are for tests, the soak run and the benches: shipping code may not import them',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '(^|/)testing/', '^src/soak/', '^src/bench/'] },
      to: { path: '(^|/)testing/' },
    },
    {
      name: 'no-circular',
      comment: 'modules that import each other cannot be understood (or tested) one at a time',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
