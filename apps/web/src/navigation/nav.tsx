import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';

/** One entry of a left menu: a page (path) or a group of pages (children). Keys of pages are their paths. */
export interface NavNode {
  key: string;
  label: string;
  icon?: ReactNode;
  path?: string;
  children?: NavNode[];
}

export function toMenuItems(nodes: NavNode[]): NonNullable<MenuProps['items']> {
  return nodes.map((n) =>
    n.children
      ? { key: n.key, label: n.label, icon: n.icon, children: toMenuItems(n.children) }
      : { key: n.key, label: n.label, icon: n.icon },
  );
}

function leaves(nodes: NavNode[], parents: string[] = []): { node: NavNode; parents: string[] }[] {
  return nodes.flatMap((n) =>
    n.children ? leaves(n.children, [...parents, n.key]) : [{ node: n, parents }],
  );
}

/**
 * The menu entry for the current location: the page whose path is the longest prefix of it (so detail
 * pages such as /member/output-hours/12 keep their menu entry lit), with the groups that contain it.
 */
export function activeEntry(nodes: NavNode[], pathname: string): { selected: string[]; open: string[] } {
  const matches = leaves(nodes).filter(
    ({ node }) => node.path && (pathname === node.path || pathname.startsWith(`${node.path}/`)),
  );
  const best = matches.sort((a, b) => (b.node.path?.length ?? 0) - (a.node.path?.length ?? 0))[0];
  return best ? { selected: [best.node.key], open: best.parents } : { selected: [], open: [] };
}

/** Keys of all groups, to open every group by default (the menus are short). */
export const groupKeys = (nodes: NavNode[]): string[] =>
  nodes.flatMap((n) => (n.children ? [n.key, ...groupKeys(n.children)] : []));
