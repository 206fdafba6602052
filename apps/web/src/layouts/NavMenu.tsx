import { Link } from 'react-router';
import { DownIcon } from '../components/icons.tsx';
import type { NavNode } from '../navigation/nav.tsx';

interface MenuState {
  /** keys of the selected page and of the groups that contain it (navigation/nav.tsx activeEntry) */
  selected: string[];
  active: string[];
  /** groups shown expanded */
  open: string[];
  onToggle: (key: string) => void;
  /** after a page is chosen (closes the drawer) */
  onNavigate: () => void;
}

/**
 * antd's inline Menu as plain links: `menu` and `menuitem` roles as antd gives them, group titles that
 * expand and collapse, the current page lit (aria-current). Styles: shell.css.
 */
export function NavMenu({ nav, label, ...state }: MenuState & { nav: NavNode[]; label?: string }) {
  return (
    <div role="menu" aria-label={label} className="nav-menu">
      {nav.map((n) => (
        <Entry key={n.key} node={n} depth={0} {...state} />
      ))}
    </div>
  );
}

function Entry({ node, depth, ...state }: MenuState & { node: NavNode; depth: number }) {
  // antd's inline indent: 24 px a level
  const indent = { paddingInlineStart: 24 * (depth + 1) };
  if (node.children) {
    const open = state.open.includes(node.key);
    const id = `nav-group-${node.key}`;
    return (
      <div role="none">
        <button
          type="button"
          role="menuitem"
          aria-expanded={open}
          aria-controls={open ? id : undefined}
          className={state.active.includes(node.key) ? 'nav-item nav-group active' : 'nav-item nav-group'}
          style={indent}
          onClick={() => state.onToggle(node.key)}
        >
          {node.icon}
          <span className="nav-label">{node.label}</span>
          <span className={open ? 'nav-arrow open' : 'nav-arrow'}>
            <DownIcon />
          </span>
        </button>
        {open && (
          <div role="menu" id={id} aria-label={node.label} className="nav-menu">
            {node.children.map((c) => (
              <Entry key={c.key} node={c} depth={depth + 1} {...state} />
            ))}
          </div>
        )}
      </div>
    );
  }
  const selected = state.selected.includes(node.key);
  return (
    <Link
      to={node.path ?? '/'}
      role="menuitem"
      aria-current={selected ? 'page' : undefined}
      className={selected ? 'nav-item selected' : 'nav-item'}
      style={indent}
      onClick={state.onNavigate}
    >
      {node.icon}
      <span className="nav-label">{node.label}</span>
    </Link>
  );
}
