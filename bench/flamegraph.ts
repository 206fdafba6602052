/**
 * A flame graph of a CPU profile: reads `perf script` output (stacks of on-CPU samples), keeps the
 * samples of one process, and writes an SVG where each box is a function, its width the share of the
 * samples in which it was on the stack, its children the functions it called.
 *
 *   node --perf-basic-prof apps/server/dist/main.js &     # names for V8's compiled JavaScript
 *   perf record -F 999 -g -p PID -- sleep 8                # while a load runs
 *   perf script | npx tsx bench/flamegraph.ts --pid PID --title 'GET /api/me' > me.svg
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** Stacks, root first, with how many samples each was seen in. */
export function foldPerfScript(text: string, pid?: number): Map<string, number> {
  const folded = new Map<string, number>();
  for (const block of text.split(/\n\s*\n/)) {
    const [header, ...frames] = block.split('\n').filter((l) => l.trim() !== '');
    if (!header) continue;
    const samplePid = Number(/^\S.*?\s(\d+)(?:\/\d+)?\s/.exec(header)?.[1]);
    if (pid !== undefined && samplePid !== pid) continue;
    const names = frames.map((f) => frameName(f.trim())).reverse();
    if (names.length === 0) continue;
    const key = names.join(';');
    folded.set(key, (folded.get(key) ?? 0) + 1);
  }
  return folded;
}

/** `7f01 LazyCompile:*parseRow /path/pg/lib/result.js:63 (/tmp/perf-1.map)` -> `parseRow pg/lib/result.js:63` */
function frameName(line: string): string {
  const m = /^[0-9a-f]+\s+(.*?)(?:\s+\(([^)]*)\))?$/.exec(line);
  const symbol = (m?.[1] ?? line).replace(/\+0x[0-9a-f]+$/, '');
  const dso = m?.[2] ?? '';
  if (symbol === '[unknown]') return dso.includes('perf-') ? '[JIT]' : `[${dso.split('/').pop()}]`;
  return symbol
    .replace(/^(LazyCompile|Function|JS|Builtin|BytecodeHandler|Stub|Handler):[*~^]?/, '')
    .replace(/ \S*\/node_modules\//, ' ')
    .replace(/ \S*\/apps\//, ' apps/');
}

interface Node {
  name: string;
  value: number;
  children: Map<string, Node>;
}

function tree(folded: Map<string, number>): Node {
  const root: Node = { name: 'all', value: 0, children: new Map() };
  for (const [stack, n] of folded) {
    root.value += n;
    let node = root;
    for (const name of stack.split(';')) {
      const child = node.children.get(name) ?? { name, value: 0, children: new Map() };
      node.children.set(name, child);
      child.value += n;
      node = child;
    }
  }
  return root;
}

const xmlText = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Warm colours by name, stable from run to run; the process's own code (apps/) in blue. */
function colour(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  if (name.includes('apps/')) return `hsl(${205 + (h % 20)},70%,${62 + (h % 15)}%)`;
  return `hsl(${10 + (h % 40)},${75 + (h % 20)}%,${55 + (h % 15)}%)`;
}

export function flameGraphSvg(folded: Map<string, number>, title: string, width = 1200): string {
  const root = tree(folded);
  const rowHeight = 16;
  const boxes: string[] = [];
  let depth = 0;
  const scale = (width - 20) / Math.max(root.value, 1);
  const draw = (node: Node, x: number, level: number) => {
    const w = node.value * scale;
    if (w < 1) return; // narrower than a pixel: nothing to read, only bytes
    depth = Math.max(depth, level);
    const share = ((node.value / root.value) * 100).toFixed(1);
    const label = w > 30 ? xmlText(node.name.slice(0, Math.floor(w / 6.5))) : '';
    boxes.push(
      `<g><title>${xmlText(node.name)} (${node.value} samples, ${share}%)</title>` +
        `<rect x="${(10 + x).toFixed(1)}" y="{Y${level}}" width="${w.toFixed(1)}" height="${rowHeight - 1}" fill="${colour(node.name)}" rx="2"/>` +
        (label ? `<text x="${(13 + x).toFixed(1)}" y="{T${level}}">${label}</text>` : '') +
        '</g>',
    );
    let offset = x;
    for (const child of [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      draw(child, offset, level + 1);
      offset += child.value * scale;
    }
  };
  draw(root, 0, 0);
  const height = (depth + 1) * rowHeight + 50;
  // root at the bottom, as flame graphs are read
  const body = boxes
    .join('\n')
    .replace(/\{Y(\d+)\}/g, (_, l) => String(height - 10 - (Number(l) + 1) * rowHeight))
    .replace(/\{T(\d+)\}/g, (_, l) => String(height - 10 - Number(l) * rowHeight - 4));
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">
<title>${xmlText(title)}</title>
<rect width="100%" height="100%" fill="#fdfdfd"/>
<text x="${width / 2}" y="22" font-size="15" text-anchor="middle">${xmlText(title)} (${root.value} samples)</text>
${body}
</svg>
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { pid: { type: 'string' }, title: { type: 'string' } } });
  const folded = foldPerfScript(readFileSync(0, 'utf8'), values.pid ? Number(values.pid) : undefined);
  process.stdout.write(flameGraphSvg(folded, values.title ?? 'CPU'));
}
