// The lesson's content: the seed report's argument as steps a student does and watches, as data. Each step
// has a short stable id (its deep link, #lesson=<id>), a title, a few sentences (HTML with MathML, which
// browsers typeset natively), what the stage shows (a preset or settings, a comparison, the figures and
// only the controls the step is about) or a figure of its own, and tasks checked from the core's numbers.
//
// A task's `conditions` all hold at once for it to be met (checkpoints.js evaluates them): each names a
// `metric` of a session (`session`: 0, or 1 for B when comparing; checkpoints.js lists the metrics) or of
// the step's own figure (`source: 'figure'`) or study (`source: 'study'`), and `below`, `above` or `within`
// a number or another metric (`{ metric, times }`). `watch` lists what the task's progress line shows.
// `hint` appears when the student is stuck (after `HINT_AFTER_MS`, or after `stuckSteps` training steps).

/** How long a task may go unmet before its hint appears. */
export const HINT_AFTER_MS = 25000;

/** A displayed formula, in a box that scrolls sideways rather than widening a phone's page. */
const m = (body) => `<div class="walk-formula"><math display="block">${body}</math></div>`;

export const steps = [
  {
    id: 'autoencoder',
    title: 'An autoencoder copies its input through a narrow code',
    text: `
      <p>An autoencoder is two functions trained together. The <em>encoder</em> turns an input <i>x</i> into a
      short code; the <em>decoder</em> turns the code back into a reconstruction <i>x̂</i>. Nobody labels
      anything: the input is its own target.</p>
      ${m('<mi>x</mi><mo>→</mo><mtext>code</mtext><mo>→</mo><mover><mi>x</mi><mo>^</mo></mover><mspace width="2em"/><mi>L</mi><mo stretchy="false">(</mo><mi>x</mi><mo>,</mo><mover><mi>x</mi><mo>^</mo></mover><mo stretchy="false">)</mo><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac><munder><mo>∑</mo><mi>i</mi></munder><msup><mrow><mo>‖</mo><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><msub><mover><mi>x</mi><mo>^</mo></mover><mi>i</mi></msub><mo>‖</mo></mrow><mn>2</mn></msup>')}
      <p>Here the inputs are points on a rolled-up sheet in 3-D (the Swiss roll) and the code has only two
      units: the network must squeeze three numbers through two. The diagram shows the layers; the
      reconstruction figure shows the points and where the network puts them back.</p>`,
    stage: { preset: 'undercomplete', panels: ['network', 'reconstruction', 'loss'], controls: [] },
    tasks: [{
      text: 'Press ▶ Play (or the Space key) and train until the reconstruction error is below 30% of where it started.',
      conditions: [{ metric: 'wholeReconstruction', below: { metric: 'startReconstruction', times: 0.3 } }],
      watch: [{ metric: 'wholeReconstruction', label: 'reconstruction error' }, { metric: 'startReconstruction', label: 'at the start' }],
      done: 'The error fell: the reconstructed points move onto the roll. Two numbers per point now carry most of what three did.',
      hint: 'Nothing trains until you press ▶ Play at the top (or Space). A faster speed in the header gets there sooner.',
      stuckSteps: 8000,
    }],
  },
  {
    id: 'linear-pca',
    title: 'A linear autoencoder finds what PCA finds',
    text: `
      <p>Make every layer linear and the autoencoder can only learn a flat subspace: the code is a
      projection and the reconstruction lies on a plane. The best plane for squared error is the one
      principal component analysis (PCA) finds, so a linear autoencoder that trains well must end at PCA's
      error and no lower.</p>
      ${m('<mover><mi>x</mi><mo>^</mo></mover><mo>=</mo><msub><mi>W</mi><mtext>dec</mtext></msub><msub><mi>W</mi><mtext>enc</mtext></msub><mi>x</mi><mspace width="1.5em"/><mtext>PCA: </mtext><mover><mi>x</mi><mo>^</mo></mover><mo>=</mo><msub><mi>U</mi><mi>k</mi></msub><msubsup><mi>U</mi><mi>k</mi><mo>⊤</mo></msubsup><mi>x</mi>')}
      <p>The data are points near a tilted plane in 3-D, the code has two units, and the loss figure draws
      PCA's error as a dashed line.</p>`,
    stage: { preset: 'linear-pca', panels: ['loss', 'reconstruction'], controls: [] },
    tasks: [{
      text: 'Train until the autoencoder\'s error on the whole data set is within 5% of PCA\'s.',
      conditions: [{ metric: 'wholeReconstruction', below: { metric: 'pca', times: 1.05 } }],
      watch: [{ metric: 'wholeReconstruction', label: 'autoencoder' }, { metric: 'pca', label: 'PCA' }],
      done: 'The two numbers meet and the autoencoder goes no lower: a linear autoencoder is PCA, found by gradient descent.',
      hint: 'Press ▶ Play and wait a few seconds; the solid curve in the loss figure comes down onto the dashed PCA line.',
      stuckSteps: 6000,
    }],
  },
  {
    id: 'nonlinear',
    title: 'On a curled surface, a nonlinear code beats PCA',
    text: `
      <p>The Swiss roll is a flat sheet rolled up. No plane fits it, so PCA with two components must lose
      what lies across the roll. A network with a nonlinear activation (tanh) can learn to unroll it
      instead. Both sides below have the same layers and two code units; they differ only in the
      activation.</p>
      ${m('<mtext>A: </mtext><mi>h</mi><mo>=</mo><mi>W</mi><mi>x</mi><mo>+</mo><mi>b</mi><mspace width="2em"/><mtext>B: </mtext><mi>h</mi><mo>=</mo><mi>tanh</mi><mo stretchy="false">(</mo><mi>W</mi><mi>x</mi><mo>+</mo><mi>b</mi><mo stretchy="false">)</mo>')}`,
    stage: {
      preset: 'undercomplete', compare: { key: 'activation', values: ['linear', 'tanh'] },
      panels: ['reconstruction', 'loss'], controls: [],
    },
    tasks: [{
      text: 'Train both until the tanh network (B) has an error clearly below PCA\'s (under 90% of it).',
      conditions: [{ session: 1, metric: 'wholeReconstruction', below: { session: 1, metric: 'pca', times: 0.9 } }],
      watch: [
        { session: 0, metric: 'wholeReconstruction', label: 'A linear' },
        { session: 1, metric: 'wholeReconstruction', label: 'B tanh' },
        { session: 1, metric: 'pca', label: 'PCA' },
      ],
      done: 'The linear side stays on PCA\'s line; the tanh side goes below it. Same code size, more of the data kept: a bent code can follow a bent surface.',
      hint: 'Keep it playing: the tanh side sits on PCA\'s line for a while before it finds the way to unroll the sheet.',
      stuckSteps: 12000,
    }],
  },
  {
    id: 'no-bottleneck',
    title: 'No bottleneck, no penalty: the code copies; L1 makes it sparse',
    text: `
      <p>Give the code 32 units for 3 inputs and nothing forces compression: the network can pass the
      input straight through, using many units for every point. The sparse autoencoder keeps the wide code
      and adds a price on activity instead:</p>
      ${m('<mi>L</mi><mo stretchy="false">(</mo><mi>x</mi><mo>,</mo><mover><mi>x</mi><mo>^</mo></mover><mo stretchy="false">)</mo><mo>+</mo><mi>λ</mi><munder><mo>∑</mo><mi>i</mi></munder><mo stretchy="false">|</mo><msubsup><mi>a</mi><mi>i</mi><mrow><mo stretchy="false">(</mo><mi>h</mi><mo stretchy="false">)</mo></mrow></msubsup><mo stretchy="false">|</mo>')}
      <p>Both networks below use ReLU units; A has no penalty, B pays λ for every unit of activity. In the
      network diagrams a unit's opacity follows its activation for the selected point. <i>L</i><sub>0</sub>
      counts the units active per sample.</p>`,
    stage: {
      preset: 'l1-sparse', settings: { lambda: 0.002 }, compare: { key: 'penalty', values: ['none', 'l1'] },
      panels: ['network', 'health'], controls: ['lambda'],
    },
    tasks: [{
      text: 'Press ▶ Play, then raise λ until the L1 network (B) uses fewer than 3.5 units per sample while the plain one (A) still uses more than 8.',
      conditions: [
        { session: 1, metric: 'l0', below: 3.5 },
        { session: 0, metric: 'l0', above: 8 },
        { session: 1, metric: 'step', above: 300 },
      ],
      watch: [{ session: 0, metric: 'l0', label: 'L0 of A' }, { session: 1, metric: 'l0', label: 'L0 of B' }, { session: 0, metric: 'lambda', label: 'λ' }],
      done: 'Same network, same data: without a penalty many units fire for every point; with λΣ|a| only a few do, and which ones depends on the point.',
      hint: 'Drag the λ slider to the right (about 0.02 is plenty) and keep training: watch L0 of B in the sparsity-health read-out fall.',
      stuckSteps: 15000,
    }],
  },
  {
    id: 'why-l1',
    title: 'Why L1 gives exact zeros and L2 does not',
    text: `
      <p>Look at one weight <i>w</i> pulled by a penalty alone. L1 charges <i>λ|w|</i>, whose slope is
      <i>±λ</i> whatever the size of <i>w</i>: every gradient step takes off the same amount <i>ηλ</i>, so
      <i>w</i> reaches 0 in a finite number of steps and stays there. L2 charges <i>λw²</i>, whose slope
      <i>2λw</i> shrinks with <i>w</i>: each step takes off a fixed fraction, so <i>w</i> gets ever closer
      to 0 and never arrives.</p>
      ${m('<mfrac><mi>d</mi><mrow><mi>d</mi><mi>w</mi></mrow></mfrac><mi>λ</mi><mo stretchy="false">|</mo><mi>w</mi><mo stretchy="false">|</mo><mo>=</mo><mi>λ</mi><mspace width="0.2em"/><mi>sign</mi><mo stretchy="false">(</mo><mi>w</mi><mo stretchy="false">)</mo><mspace width="1em"/><mo>⇒</mo><mspace width="1em"/><msub><mi>w</mi><mi>k</mi></msub><mo>=</mo><mi>sign</mi><mo stretchy="false">(</mo><msub><mi>w</mi><mn>0</mn></msub><mo stretchy="false">)</mo><mi>max</mi><mo stretchy="false">(</mo><mo stretchy="false">|</mo><msub><mi>w</mi><mn>0</mn></msub><mo stretchy="false">|</mo><mo>−</mo><mi>k</mi><mi>η</mi><mi>λ</mi><mo>,</mo><mn>0</mn><mo stretchy="false">)</mo>')}
      ${m('<mfrac><mi>d</mi><mrow><mi>d</mi><mi>w</mi></mrow></mfrac><mi>λ</mi><msup><mi>w</mi><mn>2</mn></msup><mo>=</mo><mn>2</mn><mi>λ</mi><mi>w</mi><mspace width="1em"/><mo>⇒</mo><mspace width="1em"/><msub><mi>w</mi><mi>k</mi></msub><mo>=</mo><msup><mrow><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><mn>2</mn><mi>η</mi><mi>λ</mi><mo stretchy="false">)</mo></mrow><mi>k</mi></msup><msub><mi>w</mi><mn>0</mn></msub>')}
      <p>That is why an L1 penalty on the activations switches units off exactly, for a sample, instead of
      leaving every unit a little on.</p>`,
    figure: { panel: 'weight-descent', lambda: 0.5, start: 1.5 },
    stage: { preset: 'l1-sparse', panels: [], controls: [] },
    tasks: [{
      text: 'Drag λ and the starting weight w₀ so that, starting at least 1 away from 0, the L1 weight lands on exactly 0 within 10 steps.',
      conditions: [
        { source: 'figure', metric: 'startDistance', above: 0.999 },
        { source: 'figure', metric: 'l1StepsToZero', below: 10.5 },
      ],
      watch: [{ source: 'figure', metric: 'l1StepsToZero', label: 'L1 lands at step' }, { source: 'figure', metric: 'l2Final', label: 'L2 at the end' }],
      done: 'A finite number of equal steps, then exactly 0 and it stays; the L2 weight is still not 0 at the end of the chart, and never will be.',
      hint: 'The landing step is ⌈|w₀| / (ηλ)⌉ with η = 0.1: with w₀ = 1 you need ηλ ≥ 0.1, so λ of at least 1.',
    }],
  },
  {
    id: 'objective',
    title: 'The objective, term by term',
    text: `
      <p>The whole objective adds three terms: how badly the input is reconstructed, a small weight decay
      that keeps the weights from growing to dodge the penalty, and the sparsity penalty.</p>
      ${m('<mtext>Obj</mtext><mo>=</mo><mi>L</mi><mo stretchy="false">(</mo><mi>x</mi><mo>,</mo><mover><mi>x</mi><mo>^</mo></mover><mo stretchy="false">)</mo><mo>+</mo><mfrac><mi>γ</mi><mn>2</mn></mfrac><munder><mo>∑</mo><mi>l</mi></munder><msup><mrow><mo>‖</mo><msup><mi>W</mi><mrow><mo stretchy="false">(</mo><mi>l</mi><mo stretchy="false">)</mo></mrow></msup><mo>‖</mo></mrow><mn>2</mn></msup><mo>+</mo><mi>λ</mi><munder><mo>∑</mo><mi>i</mi></munder><mo stretchy="false">|</mo><msubsup><mi>a</mi><mi>i</mi><mrow><mo stretchy="false">(</mo><mi>h</mi><mo stretchy="false">)</mo></mrow></msubsup><mo stretchy="false">|</mo>')}
      <p>λ sets the exchange rate between a better reconstruction and a sparser code. The figure shows each
      term's live value and its share of the total; it starts with λ = 0.</p>`,
    stage: { preset: 'l1-sparse', settings: { lambda: 0, weightDecay: 0.001 }, panels: ['objective', 'health'], controls: ['lambda', 'weightDecay'] },
    tasks: [{
      text: 'Press ▶ Play, then raise λ until the sparsity term is more than half of the objective.',
      conditions: [
        { metric: 'sparsity', above: { metric: 'total', times: 0.5 } },
        { metric: 'lambda', above: 0 },
      ],
      watch: [{ metric: 'reconstruction', label: 'L(x, x̂)' }, { metric: 'weightDecay', label: 'weight decay' }, { metric: 'sparsity', label: 'sparsity' }, { metric: 'l0', label: 'L0' }],
      done: 'The penalty now dominates the objective, and the network answers by firing fewer units (L0 falls) at a small cost in reconstruction.',
      hint: 'λ = 0 leaves the sparsity term at 0. Drag λ up to about 0.01 and keep training.',
      stuckSteps: 15000,
    }],
  },
  {
    id: 'kl',
    title: 'KL sparsity: each unit fires with probability ρ',
    text: `
      <p>Another way to ask for sparsity: choose a target firing probability ρ, say 0.2, and treat each
      sigmoid unit as a coin that fires with probability ρ̂ⱼ, its mean activation over the data:</p>
      ${m('<msub><mover><mi>ρ</mi><mo>^</mo></mover><mi>j</mi></msub><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac><munder><mo>∑</mo><mi>i</mi></munder><msubsup><mi>a</mi><mi>j</mi><mrow><mo stretchy="false">(</mo><mi>h</mi><mo stretchy="false">)</mo></mrow></msubsup><mo stretchy="false">(</mo><msub><mi>x</mi><mi>i</mi></msub><mo stretchy="false">)</mo>')}
      <p>The penalty is the KL divergence between the coin we want and the coin we have, summed over units:</p>
      ${m('<mi>β</mi><munder><mo>∑</mo><mi>j</mi></munder><mtext>KL</mtext><mo stretchy="false">(</mo><mi>ρ</mi><mo>‖</mo><msub><mover><mi>ρ</mi><mo>^</mo></mover><mi>j</mi></msub><mo stretchy="false">)</mo><mo>=</mo><mi>β</mi><munder><mo>∑</mo><mi>j</mi></munder><mi>ρ</mi><mi>log</mi><mfrac><mi>ρ</mi><msub><mover><mi>ρ</mi><mo>^</mo></mover><mi>j</mi></msub></mfrac><mo>+</mo><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><mi>ρ</mi><mo stretchy="false">)</mo><mi>log</mi><mfrac><mrow><mn>1</mn><mo>−</mo><mi>ρ</mi></mrow><mrow><mn>1</mn><mo>−</mo><msub><mover><mi>ρ</mi><mo>^</mo></mover><mi>j</mi></msub></mrow></mfrac>')}
      <p>It is zero when ρ̂ⱼ = ρ and grows steeply on either side. In the KL figure every unit is a dot on
      the curve; the bars show each ρ̂ⱼ against ρ.</p>
      <p>Two networks train side by side with the same ρ and β: A has the KL penalty alone, B adds a little
      weight decay. KL only fixes each unit's average; watch the health figure to see how that average is
      reached.</p>`,
    stage: {
      preset: 'kl-sparse',
      compare: { key: 'weightDecay', values: [0, 0.003] },
      panels: ['kl-curve', 'bars', 'health'],
      controls: ['rho', 'beta'],
    },
    tasks: [{
      text: 'Set ρ to 0.2 and train until every unit\'s ρ̂ is within 0.02 of it, in both networks.',
      conditions: [
        { metric: 'rho', within: { value: 0.2, by: 0.0051 } },
        { session: 0, metric: 'rhoHatWorst', below: 0.02 },
        { session: 1, metric: 'rhoHatWorst', below: 0.02 },
      ],
      watch: [
        { metric: 'rho', label: 'ρ' },
        { session: 0, metric: 'rhoHatWorst', label: 'largest |ρ̂ⱼ − ρ| in A' },
        { session: 1, metric: 'rhoHatWorst', label: 'in B' },
        { session: 0, metric: 'l0', label: 'units firing per sample in A' },
        { session: 1, metric: 'l0', label: 'in B' },
      ],
      done: 'Every dot sits in the curve\'s valley in both networks: each unit\'s average is a fifth, as asked. Now compare A and B: with KL alone (A) the units tend to answer every sample weakly with about ρ, so by the firing rule (above 2ρ) few or none ever fire and their bars turn grey; with a little weight decay (B) each unit rests near 0 and fires strongly on its own samples. KL sets each unit\'s average, not how the average is reached.',
      hint: 'The ρ slider is in the settings; 0.2 exactly can be typed in the box beside it. Then keep training: the dots slide down the curve towards ρ.',
      stuckSteps: 20000,
    }],
  },
  {
    id: 'measured',
    title: 'Does sparse mean better? Measured',
    text: `
      <p>The report ends with a claim: sparse autoencoders learn better representations. Here is one honest
      test of "better": train each kind of autoencoder on MNIST digits without labels, then fit a linear
      classifier (a probe) on its codes and count how many held-out digits it names correctly. PCA at the
      same size and the raw pixels are the baselines.</p>
      <p>A second test, on data built from known sparse features: does the code find the true directions?
      The recovery score counts the true features some unit lines up with (cosine above the threshold).</p>`,
    study: true,
    stage: {
      preset: 'sparse-features', compare: { key: 'penalty', values: ['none', 'l1'] },
      panels: ['features'], controls: [],
    },
    tasks: [{
      text: 'Press ▶ Play and train both networks until the L1 one (B) has recovered at least 18 of the 20 true features.',
      conditions: [{ session: 1, metric: 'recovered', above: 0.89 }],
      watch: [{ session: 0, metric: 'recovered', label: 'recovered by A (no penalty)' }, { session: 1, metric: 'recovered', label: 'by B (L1)' }],
      done: 'The L1 code lines its units up with the true features; without the penalty the same network mixes them and recovers few. Now run the study for the digits.',
      hint: 'Press ▶ Play at the top and give it a few seconds: the diagonal of B\'s figure fills in.',
      stuckSteps: 10000,
    }, {
      text: 'Run the study, then read the table: which code does the probe read best, and does a sparse one win?',
      conditions: [{ source: 'study', metric: 'done', above: 0.5 }],
      watch: [{ source: 'study', metric: 'fraction', label: 'study progress' }],
      done: 'Measured, not assumed: the table says where sparsity helps the probe and where it does not, on this machine.',
      hint: 'Press "Run the study": it trains every autoencoder and probe in this page (about a minute on a slow machine).',
    }],
  },
];

/** The step with `id`, or undefined. */
export function stepById(id) {
  return steps.find((step) => step.id === id);
}
