// The formula card: click a code unit in any figure and a small card shows that unit's live numbers in the
// report's notation (ρ̂ⱼ, KL(ρ‖ρ̂ⱼ) and its derivative, mean |aⱼ| and its L1 term, its share of the sparsity
// term, its firing density) as MathML, with its incoming weights drawn by the core. Every number comes from
// the core's `unitCard(j)`; this module only lays them out, keeps them current while training runs, and
// handles the keyboard (Escape closes and gives focus back, the arrow buttons step through the units).

const MATHML = 'http://www.w3.org/1998/Math/MathML';
/** How often an open card re-reads its unit while training runs. */
const REFRESH_MS = 150;
/** The rotation the 3-D figures start from (panels.js), so the arrow is seen from the same side. */
const START_ROTATION = { yaw: 0.5, pitch: 1.05 };
/** CSS pixels of the weights picture. */
const PICTURE_SIDE = 140;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** A MathML element: `math('mi', 'ρ')`, `math('mrow', child, child)`. */
function math(tag, ...children) {
  const node = document.createElementNS(MATHML, tag);
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

const mi = (name) => math('mi', name);
const mo = (op) => math('mo', op);
const mn = (number) => math('mn', number);
const sub = (base, index) => math('msub', typeof base === 'string' ? mi(base) : base, typeof index === 'string' ? mi(index) : index);
const frac = (top, bottom) => math('mfrac', top, bottom);
const row = (...parts) => math('mrow', ...parts);
const rhoHatJ = () => sub(math('mover', mi('ρ'), mo('^')), 'j');
const oneMinus = (x) => row(mn('1'), mo('−'), x);

/** A number as the card prints it: four significant digits, exponent form when very small or large. */
export function formatNumber(v) {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return 'not finite';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.001 && a < 1e4) return Number(v.toPrecision(4)).toString();
  return v.toExponential(2);
}

/**
 * Creates the card (hidden) in `container`. `view()` returns the page's current session (its `unitCard` and
 * `drawUnitWeights` are the core's). Returns `{ open(unit, opener), close(), element }`.
 */
export function createFormulaCard({ view, container = document.body }) {
  const title = element('h2', { id: 'formula-card-title' });
  const previous = element('button', { type: 'button', 'aria-label': 'Previous unit', text: '‹' });
  const next = element('button', { type: 'button', 'aria-label': 'Next unit', text: '›' });
  const close = element('button', { type: 'button', class: 'close', 'aria-label': 'Close the card', text: '×' });
  const header = element('header', {}, title, element('div', { class: 'card-buttons' }, previous, next, close));
  const formulas = element('div', { class: 'formulas' });
  const canvas = element('canvas', { role: 'img' });
  canvas.style.width = `${PICTURE_SIDE}px`;
  canvas.style.height = `${PICTURE_SIDE}px`;
  const pictureCaption = element('figcaption');
  const picture = element('figure', { class: 'weights' }, canvas, pictureCaption);
  const notes = element('p', { class: 'card-notes' });
  const card = element('section', {
    class: 'formula-card',
    role: 'dialog',
    'aria-modal': 'false',
    'aria-labelledby': title.id,
    tabindex: '-1',
  }, header, formulas, picture, notes);
  card.hidden = true;
  container.append(card);

  let unit = null;
  let opener = null;
  let units = 0;
  let timer = null;
  let shownGeneration = null;

  /** One line of the card: a formula, `=`, the core's value (kept raw in `data-value` for tests). */
  const line = (key, formula, value, note = '', relation = '=') => {
    const number = element('span', { class: 'value', 'data-key': key, 'data-value': String(value), text: formatNumber(value) });
    const mathNode = math('math', formula, mo(relation));
    mathNode.setAttribute('display', 'inline');
    const item = element('li', {}, mathNode, ' ', number);
    if (note) item.append(element('span', { class: 'note', text: ` ${note}` }));
    return item;
  };

  function render(c) {
    units = c.units;
    title.textContent = `Unit ${c.unit} of ${c.units}${c.dead ? ' (dead)' : ''}`;
    card.dataset.unit = String(c.unit);
    const j = 'j';
    const rho = mi('ρ');
    // A fresh node each time: a DOM node has one place.
    const klOf = () => row(mi('KL'), mo('('), mi('ρ'), mo('‖'), rhoHatJ(), mo(')'));
    const items = [
      line('rhoHat', row(rhoHatJ(), mo('='), frac(mn('1'), mi('m')), math('munder', mo('∑'), mi('i')), sub('a', row(mi('i'), mi(j)))), c.rhoHat,
        '(a running mean over recent batches: the ρ̂ bar and the KL dot)', '≈'),
      line('kl', row(klOf(), mo('='), rho, mi('log'), frac(mi('ρ'), rhoHatJ()), mo('+'), math('mrow', mo('('), oneMinus(mi('ρ')), mo(')')), mi('log'),
        frac(oneMinus(mi('ρ')), oneMinus(rhoHatJ()))), c.kl),
      line('klTerm', row(mi('β'), mo('·'), klOf()), c.klTerm, `(β = ${formatNumber(c.beta)}, ρ = ${formatNumber(c.rho)})`),
      line('dKl', row(frac(row(mi('d'), mi('KL')), row(mi('d'), rhoHatJ())), mo('='), mo('−'), frac(mi('ρ'), rhoHatJ()), mo('+'),
        frac(oneMinus(mi('ρ')), oneMinus(rhoHatJ()))), c.dKl, c.dKl > 0 ? '(positive: the gradient pushes ρ̂ⱼ down)' : '(negative: the gradient pushes ρ̂ⱼ up)'),
      line('meanAbs', row(mi('mean'), mo('|'), sub('a', j), mo('|')), c.meanAbs, '(over the cloud samples: the L1 bar)'),
      line('l1Term', row(mi('λ'), mo('·'), mi('mean'), mo('|'), sub('a', j), mo('|')), c.l1Term, `(λ = ${formatNumber(c.lambda)})`),
    ];
    if (c.share !== null) {
      const term = c.penalty === 'kl' ? row(mi('β'), mo('·'), klOf()) : row(mi('λ'), mo('·'), mi('mean'), mo('|'), sub('a', j), mo('|'));
      items.push(line('share', row(mi('share'), mo('='), frac(term, mi('sparsity term'))), c.share,
        `(${formatNumber(c.sparsityPart)} of ${formatNumber(c.sparsityTotal)}: ${(c.share * 100).toFixed(1)} % of the ${c.penalty.toUpperCase()} term)`));
    } else {
      items.push(element('li', { class: 'note', 'data-key': 'share' },
        `No share: ${c.penalty === 'topk' ? 'TopK is a constraint, not a term of J' : 'there is no sparsity penalty now'}.`));
    }
    items.push(line('firingDensity', row(mi('firing density')), c.firingDensity, `(${c.firingRule})`));
    formulas.replaceChildren(element('ul', {}, ...items));
    notes.textContent = c.dead
      ? `Dead: it has not fired in the last ${c.deadWindow.toLocaleString('en')} samples.`
      : `The penalty in force is ${c.penalty}. Step ${c.step.toLocaleString('en')}.`;
    pictureCaption.textContent = `${c.weights.caption} ‖W‖ = ${formatNumber(c.weights.norm)}.`;
    canvas.setAttribute('aria-label', c.weights.caption);
    const scale = Math.min(4, Math.max(1, window.devicePixelRatio || 1));
    const side = Math.round(PICTURE_SIDE * scale);
    if (canvas.width !== side) canvas.width = side;
    if (canvas.height !== side) canvas.height = side;
    canvas.style.imageRendering = c.weights.kind === 'tile' ? 'pixelated' : 'auto';
    view().drawUnitWeights(c.unit, canvas, { scale, ...START_ROTATION });
  }

  function refresh() {
    if (unit === null) return;
    const session = view();
    const generation = session.summary().generation;
    if (generation === shownGeneration) return;
    try {
      render(session.unitCard(unit));
      shownGeneration = generation;
    } catch (error) {
      // The unit is gone (a smaller code after a reset): say so and stop updating.
      formulas.replaceChildren(element('p', { class: 'note', text: error.message }));
      unit = null;
    }
  }

  function show(target) {
    unit = target;
    shownGeneration = null;
    refresh();
  }

  function closeCard() {
    if (card.hidden) return;
    card.hidden = true;
    unit = null;
    clearInterval(timer);
    timer = null;
    opener?.focus?.();
    opener = null;
  }

  previous.addEventListener('click', () => unit !== null && show((unit - 1 + units) % units));
  next.addEventListener('click', () => unit !== null && show((unit + 1) % units));
  close.addEventListener('click', closeCard);
  // Escape closes the card wherever the focus is (it is not modal: the figures stay usable beside it).
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !card.hidden) {
      event.preventDefault();
      closeCard();
    }
  });

  return {
    element: card,
    /** Opens (or moves) the card to `target`; `from` (the figure clicked last) gets the focus back when the
     * card closes. */
    open(target, from = document.activeElement) {
      if (from && !card.contains(from)) {
        opener = from;
        // A canvas takes the focus back only with a tabindex.
        if (opener instanceof HTMLCanvasElement && !opener.hasAttribute('tabindex')) opener.tabIndex = -1;
      }
      card.hidden = false;
      show(target);
      timer ??= setInterval(refresh, REFRESH_MS);
      close.focus();
    },
    close: closeCard,
  };
}
