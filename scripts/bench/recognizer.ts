// Recognition cost: every example phrase of every command (both languages) recognised against
// the demo topology's name catalog and against a generated one of 4 sites x 25,000 users, in the
// same process, alternating rounds. The judged figure is the ratio of the two medians per call:
// reading a sentence must not grow with the deployment (names are looked up, not scanned). The
// microseconds per call are printed, never judged.
import { catalogFromTopology, recognize, type NameCatalog } from '../../dialogs/recognizer';
import { REGISTRY } from '../../dialogs/registry';
import { demoTopology, generateTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { figure, median, round, runAsChild, type Figure } from './figures';

const ROUNDS = 15;

/** Microseconds per call over one pass of `texts`. */
function pass(texts: readonly string[], catalog: NameCatalog): number {
  const started = process.hrtime.bigint();
  for (const text of texts) recognize(text, catalog);
  return Number(process.hrtime.bigint() - started) / 1e3 / texts.length;
}

async function measureRecognizer(): Promise<Figure[]> {
  const texts = REGISTRY.flatMap((spec) => [...spec.examples.en, ...spec.examples.de]);
  const demo = catalogFromTopology(new TopologyIndex(demoTopology()));
  const large = catalogFromTopology(new TopologyIndex(generateTopology({ usersPerSite: 25_000, seed: 1 })));
  // Warm both, then alternate so drift on a shared machine touches both series alike.
  pass(texts, demo);
  pass(texts, large);
  const onDemo: number[] = [];
  const onLarge: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      onDemo.push(pass(texts, demo));
      onLarge.push(pass(texts, large));
    } else {
      onLarge.push(pass(texts, large));
      onDemo.push(pass(texts, demo));
    }
  }
  const demoMedian = median(onDemo);
  const largeMedian = median(onLarge);
  return [
    figure('recognizer.phrases', texts.length, 'phrases'),
    figure('recognizer.demo.perCall.median', Math.round(demoMedian), 'µs'),
    figure('recognizer.large.perCall.median', Math.round(largeMedian), 'µs'),
    figure('recognizer.ratio', round(largeMedian / demoMedian, 2), 'x'),
  ];
}

runAsChild(measureRecognizer);
