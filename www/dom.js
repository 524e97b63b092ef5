// Small DOM helpers: elements built in one expression (the controls and the Share / Embed dialog are made
// of them), writes that skip unchanged values, and a file handed to the browser as a download.

/** `<tag attributes…>children</tag>`: `text` sets the text; `true` is an empty attribute; false, null and
 * undefined leave it out, and so do falsy children. */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter(Boolean));
  return node;
}

/** Sets `node.textContent` only when it changed: an unchanged write still costs a page layout. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets property `name` (an input's value, `disabled`, `hidden`, `title`) only when it changed, for the
 * same reason: a dragged slider updates every control many times a second. */
export function setProperty(node, name, value) {
  if (node[name] !== value) node[name] = value;
}

/** Hands `blob` to the browser as a download called `name`. */
export function download(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
