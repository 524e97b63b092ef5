// Messages above the figures: errors (with the core's sentence), divergence and collapse (with Restore), a crash (with
// the panic message and Reload), and notices such as "changing the data set restarted training".

/** Shows and clears banners inside `container`; one banner per id. */
export function createBanners(container) {
  const shown = new Map();
  return {
    show({ id, kind = 'info', text, actions = [], timeoutMs = 0, progress = null }) {
      this.clear(id);
      const node = document.createElement('div');
      node.className = `banner ${kind}`;
      node.dataset.id = id;
      node.setAttribute('role', ['error', 'crash', 'diverged', 'stuck'].includes(kind) ? 'alert' : 'status');
      const message = document.createElement('p');
      message.textContent = text;
      node.append(message);
      if (progress !== null) {
        const bar = document.createElement('progress');
        bar.max = 1;
        bar.value = progress;
        bar.setAttribute('aria-label', text);
        node.append(bar);
      }
      for (const { label, onClick, primary } of actions) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = label;
        if (primary) button.className = 'primary';
        button.addEventListener('click', onClick);
        node.append(button);
      }
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'close';
      close.setAttribute('aria-label', 'Dismiss');
      close.textContent = '×';
      close.addEventListener('click', () => this.clear(id));
      node.append(close);
      container.append(node);
      const timer = timeoutMs ? setTimeout(() => this.clear(id), timeoutMs) : null;
      shown.set(id, { node, timer });
    },
    clear(id) {
      const entry = shown.get(id);
      if (!entry) return;
      clearTimeout(entry.timer);
      entry.node.remove();
      shown.delete(id);
    },
    has(id) {
      return shown.has(id);
    },
  };
}
