// Whether anyone can see the page: its tab is showing and, inside a course page's iframe, the frame is on
// the screen. The stage lets training rest while nobody can: a hidden tab's worker, or an embedded figure
// scrolled away, would otherwise keep a core of a 2-core classroom machine busy for a page nobody watches,
// and the page in front of the student would train at half speed and drop frames.

/**
 * Calls `onChange(inSight)` now and whenever it changes. A top-level page is out of sight while its tab is
 * hidden; a framed one also while its frame is wholly off the screen (an IntersectionObserver inside a
 * frame measures against the top-level viewport, whatever the frame's origin or sandbox), or not laid out
 * at all (`display: none`, a closed tab of the course page).
 */
export function watchSight(onChange) {
  let tabShowing = document.visibilityState !== 'hidden';
  let onScreen = true;
  let reported = null;
  const report = () => {
    const inSight = tabShowing && onScreen;
    if (inSight === reported) return;
    reported = inSight;
    onChange(inSight);
  };
  document.addEventListener('visibilitychange', () => {
    tabShowing = document.visibilityState !== 'hidden';
    report();
  });
  if (window.top !== window && typeof IntersectionObserver === 'function') {
    new IntersectionObserver(([entry]) => {
      onScreen = entry.isIntersecting;
      report();
    }).observe(document.documentElement);
  }
  report();
}
