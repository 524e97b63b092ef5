// Reads a fetched body chunk by chunk, saying how much has arrived: the MNIST digits and the whole core are
// the page's large downloads, and a classroom's shared line can take seconds for each.

/** The bytes of `response`'s body as a Blob, calling `onBytes(received, total)` after each chunk (`total` is
 * the Content-Length: 0 when the host does not say, the compressed size when it compresses). */
export async function readWithProgress(response, onBytes) {
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (!response.body) {
    const blob = await response.blob();
    onBytes(blob.size, total);
    return blob;
  }
  const reader = response.body.getReader();
  const parts = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    onBytes(received, total);
  }
  return new Blob(parts);
}
