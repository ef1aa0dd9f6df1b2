import { manifestKind, type Dependency, type Ecosystem, type ManifestKind } from './manifests';

/**
 * name@version out of a dependency file's text. Lenient by design: a file it cannot make
 * sense of yields what it could read (maybe nothing), never an error, since the model still
 * gets the file's name and the card says how many dependencies were found.
 */
export function parseManifest(path: string, text: string): Dependency[] {
  const kind = manifestKind(path);
  if (!kind) return [];
  const parse = PARSERS[kind.format];
  const seen = new Set<string>();
  // One entry per group and name: a lockfile or a pom can repeat a package.
  return parse(text, kind.ecosystem).filter((d) => d.name && !seen.has(`${d.group}\0${d.name}`) && seen.add(`${d.group}\0${d.name}`));
}

type Parser = (text: string, ecosystem: Ecosystem) => Dependency[];

const NPM_GROUPS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

function json(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const packageJson: Parser = (text, ecosystem) => {
  const pkg = json(text);
  if (!pkg) return [];
  return NPM_GROUPS.flatMap((group) => Object.entries(record(pkg[group])).map(([name, v]) => ({ ecosystem, name, version: typeof v === 'string' ? v : '', group })));
};

/** lockfileVersion 2 and 3 (`packages`, keyed by install path) and 1 (`dependencies`, nested). */
const packageLock: Parser = (text, ecosystem) => {
  const lock = json(text);
  if (!lock) return [];
  const packages = record(lock.packages);
  if (Object.keys(packages).length) {
    return Object.entries(packages)
      .filter(([path]) => path.includes('node_modules/'))
      .map(([path, v]) => ({ ecosystem, name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: String(record(v).version ?? ''), group: 'lock' }));
  }
  const walk = (deps: Record<string, unknown>): Dependency[] =>
    Object.entries(deps).flatMap(([name, v]) => [{ ecosystem, name, version: String(record(v).version ?? ''), group: 'lock' }, ...walk(record(record(v).dependencies))]);
  return walk(record(lock.dependencies));
};

/** A PEP 508 requirement: `name[extras] (>=1,<2) ; markers` → name and the version part. */
function pep508(spec: string, ecosystem: Ecosystem, group: string): Dependency | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?\s*([^;#)]*)/.exec(spec);
  if (!m) return null;
  return { ecosystem, name: m[1]!, version: m[2]!.trim().replace(/\s+/g, ''), group };
}

const requirementsTxt: Parser = (text, ecosystem) =>
  text
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    // Options (-r other.txt, -e ., --hash) and bare URLs are not packages by name.
    .filter((l) => l && !l.startsWith('-') && !/^[a-z+]+:\/\//i.test(l))
    .map((l) => pep508(l, ecosystem, 'requirements'))
    .filter((d): d is Dependency => d !== null);

/** The TOML this needs: [tables], key = "string", key = { version = "…" }, and string arrays. */
function tomlTables(text: string): Array<{ table: string; lines: string[] }> {
  const tables: Array<{ table: string; lines: string[] }> = [{ table: '', lines: [] }];
  let open = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s#.*$/, '').trim();
    if (open) {
      open += ` ${line}`;
      if (/\]\s*,?\s*$/.test(line) && balanced(open)) {
        tables.at(-1)!.lines.push(open);
        open = '';
      }
      continue;
    }
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) tables.push({ table: header[1]!.replace(/["']/g, ''), lines: [] });
    else if (/=\s*\[/.test(line) && !balanced(line)) open = line;
    else if (line) tables.at(-1)!.lines.push(line);
  }
  return tables;
}

const balanced = (s: string) => (s.match(/\[/g)?.length ?? 0) === (s.match(/\]/g)?.length ?? 0);

function tomlKeyValue(line: string): { key: string; value: string } | null {
  const m = /^["']?([A-Za-z0-9_.@/-]+)["']?\s*=\s*(.+)$/.exec(line);
  return m ? { key: m[1]!, value: m[2]!.trim() } : null;
}

/** `"1.2"` or `{ version = "1.2", features = [...] }` → `1.2`; `{ git = … }` or `{ path = … }` → ''. */
function tomlVersion(value: string): string {
  const plain = /^["']([^"']*)["']/.exec(value);
  if (plain) return plain[1]!;
  return /\bversion\s*=\s*["']([^"']*)["']/.exec(value)?.[1] ?? '';
}

const tomlStrings = (value: string) => [...value.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]!);

const pyprojectToml: Parser = (text, ecosystem) =>
  tomlTables(text).flatMap(({ table, lines }) => {
    // PEP 621 lists requirement strings; Poetry names each dependency as a key.
    const out: Dependency[] = [];
    for (const line of lines) {
      const kv = tomlKeyValue(line);
      if (!kv) continue;
      if (table === 'project' && kv.key === 'dependencies') out.push(...tomlStrings(kv.value).flatMap((s) => pep508(s, ecosystem, 'dependencies') ?? []));
      if (table === 'project.optional-dependencies' || table === 'dependency-groups') out.push(...tomlStrings(kv.value).flatMap((s) => pep508(s, ecosystem, kv.key) ?? []));
      const poetry = /^tool\.poetry\.(?:group\.([\w-]+)\.)?(dependencies|dev-dependencies)$/.exec(table);
      if (poetry && kv.key.toLowerCase() !== 'python') out.push({ ecosystem, name: kv.key, version: tomlVersion(kv.value), group: poetry[1] ?? poetry[2]! });
    }
    return out;
  });

const CARGO_GROUPS = /^(?:target\.[^.]+\.)?(dependencies|dev-dependencies|build-dependencies|workspace\.dependencies)(?:\.([\w-]+))?$/;

const cargoToml: Parser = (text, ecosystem) =>
  tomlTables(text).flatMap(({ table, lines }) => {
    const m = CARGO_GROUPS.exec(table);
    if (!m) return [];
    // [dependencies.serde] with version = "1" on its own line.
    if (m[2]) return [{ ecosystem, name: m[2], version: tomlVersion(lines.find((l) => /^version\s*=/.test(l))?.replace(/^version\s*=\s*/, '') ?? ''), group: m[1]! }];
    return lines.flatMap((line) => {
      const kv = tomlKeyValue(line);
      return kv ? [{ ecosystem, name: kv.key, version: tomlVersion(kv.value), group: m[1]! }] : [];
    });
  });

const cargoLock: Parser = (text, ecosystem) =>
  tomlTables(text)
    .filter((t) => t.table === 'package')
    .flatMap(({ lines }) => {
      const get = (k: string) => lines.map(tomlKeyValue).find((kv) => kv?.key === k)?.value.replace(/^["']|["']$/g, '') ?? '';
      return get('name') ? [{ ecosystem, name: get('name'), version: get('version'), group: 'lock' }] : [];
    });

const goMod: Parser = (text, ecosystem) => {
  const out: Dependency[] = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const indirect = /\/\/\s*indirect/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (/^require\s*\($/.test(line)) inBlock = true;
    else if (inBlock && line === ')') inBlock = false;
    else {
      const m = (inBlock ? /^(\S+)\s+(v\S+)$/ : /^require\s+(\S+)\s+(v\S+)$/).exec(line);
      if (m) out.push({ ecosystem, name: m[1]!, version: m[2]!, group: indirect ? 'indirect' : 'require' });
    }
  }
  return out;
};

const pomXml: Parser = (text, ecosystem) =>
  [...text.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)].flatMap((m) => {
    const tag = (t: string) => new RegExp(`<${t}>\\s*([^<]*?)\\s*</${t}>`).exec(m[1]!)?.[1] ?? '';
    if (!tag('groupId') || !tag('artifactId')) return [];
    return [{ ecosystem, name: `${tag('groupId')}:${tag('artifactId')}`, version: tag('version'), group: tag('scope') || 'compile' }];
  });

/** `implementation 'g:a:1.0'`, `testImplementation("g:a:1.0")`: string notation only. */
const buildGradle: Parser = (text, ecosystem) =>
  [...text.matchAll(/^\s*(\w+)\s*\(?\s*["']([\w.-]+):([\w.-]+)(?::([^"'@:]+))?[^"']*["']/gm)]
    .filter((m) => /(implementation|api|compile|runtime|classpath|kapt|annotationProcessor|compileOnly|runtimeOnly)$/i.test(m[1]!))
    .map((m) => ({ ecosystem, name: `${m[2]}:${m[3]}`, version: m[4] ?? '', group: m[1]! }));

const PARSERS: Record<ManifestKind['format'], Parser> = {
  'package.json': packageJson,
  'package-lock.json': packageLock,
  'requirements.txt': requirementsTxt,
  'pyproject.toml': pyprojectToml,
  'go.mod': goMod,
  'Cargo.toml': cargoToml,
  'Cargo.lock': cargoLock,
  'pom.xml': pomXml,
  'build.gradle': buildGradle,
};
