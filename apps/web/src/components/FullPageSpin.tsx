/**
 * The whole-page loading indicator (antd's large spinner drawn in CSS, global.css): shown while the
 * antd wrapper itself loads, so it cannot use antd.
 */
export function FullPageSpin() {
  return (
    <div className="page-spin" role="status" aria-label="加载中">
      <span className="page-spin-dots">
        <i />
        <i />
        <i />
        <i />
      </span>
    </div>
  );
}

/** The same spinner in a frame's content area while a page loads (the header and menu stay). */
export function ContentSpin() {
  return (
    <div className="page-spin in-content" role="status" aria-label="加载中">
      <span className="page-spin-dots">
        <i />
        <i />
        <i />
        <i />
      </span>
    </div>
  );
}
