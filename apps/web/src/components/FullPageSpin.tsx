/**
 * The whole-page loading indicator (antd's large spinner drawn in CSS, global.css): shown while the
 * antd wrapper itself loads, so it cannot use antd.
 */
export function FullPageSpin({ inContent = false }: { inContent?: boolean }) {
  return (
    <div className={inContent ? 'page-spin in-content' : 'page-spin'} role="status" aria-label="加载中">
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
export const ContentSpin = () => <FullPageSpin inContent />;
