import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/domain/manifest-parsers';
import { ecosystemOf, manifestKind, manifestsToRead, packageKey } from '../../src/domain/manifests';

describe('manifestKind', () => {
  it.each([
    ['package.json', 'npm', 'manifest'],
    ['apps/web/package.json', 'npm', 'manifest'],
    ['package-lock.json', 'npm', 'lockfile'],
    ['npm-shrinkwrap.json', 'npm', 'lockfile'],
    ['requirements.txt', 'pip', 'manifest'],
    ['requirements-dev.txt', 'pip', 'manifest'],
    ['ci/requirements_test.txt', 'pip', 'manifest'],
    ['pyproject.toml', 'pip', 'manifest'],
    ['go.mod', 'go', 'manifest'],
    ['Cargo.toml', 'cargo', 'manifest'],
    ['crates/core/Cargo.lock', 'cargo', 'lockfile'],
    ['pom.xml', 'maven', 'manifest'],
    ['build.gradle', 'maven', 'manifest'],
    ['app/build.gradle.kts', 'maven', 'manifest'],
  ])('%s is a %s %s', (path, ecosystem, role) => expect(manifestKind(path)).toMatchObject({ ecosystem, role }));

  it.each([
    ['README.md'],
    ['node_modules/lodash/package.json'],
    ['vendor/github.com/x/y/go.mod'],
    ['.venv/lib/requirements.txt'],
    ['requirementstxt'],
    ['my-package.json'],
    ['go.sum'],
    ['yarn.lock'],
    ['settings.gradle'],
  ])('%s is not one it reads', (path) => expect(manifestKind(path)).toBeNull());
});

describe('manifestsToRead', () => {
  it('keeps the shallowest, manifests before lockfiles, and says what it left out', () => {
    const files = ['z/deep/package.json', 'package-lock.json', 'README.md', 'go.mod', 'package.json', 'svc/Cargo.toml'].map((path) => ({ path }));
    const { read, skipped } = manifestsToRead(files, 3);
    expect(read.map((f) => f.path)).toEqual(['go.mod', 'package.json', 'package-lock.json']);
    expect(skipped.map((f) => f.path)).toEqual(['svc/Cargo.toml', 'z/deep/package.json']);
  });
});

describe('ecosystemOf and packageKey', () => {
  it.each([
    ['npm_and_yarn', 'npm'],
    ['rust', 'cargo'],
    ['go_modules', 'go'],
    ['gradle', 'maven'],
    ['PIP', 'pip'],
    ['nuget', null],
  ])('%s → %s', (name, expected) => expect(ecosystemOf(name)).toBe(expected));

  it.each([
    ['npm', 'Lodash', 'npm:lodash'],
    ['npm', '@types/Node', 'npm:@types/node'],
    ['pip', 'Django_REST.framework', 'pip:django-rest-framework'],
    ['go', 'github.com/Gin-Gonic/gin', 'go:github.com/gin-gonic/gin'],
  ])('%s %s → %s', (eco, name, key) => expect(packageKey(eco, name)).toBe(key));
});

const dep = (name: string, version: string, group: string) => ({ name, version, group });
const parsed = (path: string, text: string) => parseManifest(path, text).map(({ name, version, group }) => ({ name, version, group }));

describe('parseManifest', () => {
  it.each<[string, string, string, Array<ReturnType<typeof dep>>]>([
    [
      'package.json',
      'package.json',
      JSON.stringify({ name: 'web', dependencies: { express: '^4.18.2', lodash: '4.17.20' }, devDependencies: { vitest: '~1.0.0' }, peerDependencies: { react: '>=18' }, scripts: { x: 'y' } }),
      [dep('express', '^4.18.2', 'dependencies'), dep('lodash', '4.17.20', 'dependencies'), dep('vitest', '~1.0.0', 'devDependencies'), dep('react', '>=18', 'peerDependencies')],
    ],
    ['package.json that is not JSON', 'package.json', '{ "dependencies": ', []],
    [
      'package-lock.json v3 (scoped and nested installs)',
      'package-lock.json',
      JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'web' }, 'node_modules/express': { version: '4.18.2' }, 'node_modules/@types/node': { version: '20.1.0' }, 'node_modules/express/node_modules/qs': { version: '6.11.0' } } }),
      [dep('express', '4.18.2', 'lock'), dep('@types/node', '20.1.0', 'lock'), dep('qs', '6.11.0', 'lock')],
    ],
    [
      'package-lock.json v1',
      'package-lock.json',
      JSON.stringify({ lockfileVersion: 1, dependencies: { express: { version: '4.17.1', dependencies: { qs: { version: '6.7.0' } } } } }),
      [dep('express', '4.17.1', 'lock'), dep('qs', '6.7.0', 'lock')],
    ],
    [
      'requirements.txt',
      'requirements.txt',
      '# pinned\nDjango==4.2.1  # LTS\nrequests[socks] >= 2.31, <3 ; python_version >= "3.8"\n-r base.txt\n-e .\nhttps://example.com/x.whl\nnumpy\n\n--hash=sha256:abc\n',
      [dep('Django', '==4.2.1', 'requirements'), dep('requests', '>=2.31,<3', 'requirements'), dep('numpy', '', 'requirements')],
    ],
    [
      'pyproject.toml (PEP 621 and Poetry)',
      'pyproject.toml',
      '[project]\nname = "svc"\ndependencies = [\n  "fastapi>=0.110",\n  "pydantic[email]==2.7.1",\n]\n\n[project.optional-dependencies]\ntest = ["pytest>=8"]\n\n[tool.poetry.dependencies]\npython = "^3.11"\nhttpx = "^0.27"\nsqlalchemy = { version = "^2.0", extras = ["asyncio"] }\n',
      [dep('fastapi', '>=0.110', 'dependencies'), dep('pydantic', '==2.7.1', 'dependencies'), dep('pytest', '>=8', 'test'), dep('httpx', '^0.27', 'dependencies'), dep('sqlalchemy', '^2.0', 'dependencies')],
    ],
    [
      'go.mod',
      'go.mod',
      'module github.com/acme/api\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n\nrequire (\n\tgolang.org/x/net v0.17.0 // indirect\n\tgithub.com/google/uuid v1.6.0\n)\n\nreplace example.com/a => ../a\n',
      [dep('github.com/gin-gonic/gin', 'v1.9.1', 'require'), dep('golang.org/x/net', 'v0.17.0', 'indirect'), dep('github.com/google/uuid', 'v1.6.0', 'require')],
    ],
    [
      'Cargo.toml',
      'Cargo.toml',
      '[package]\nname = "core"\nversion = "0.1.0"\n\n[dependencies]\nserde = { version = "1.0", features = ["derive"] }\ntokio = "1.37"\nlocal = { path = "../local" }\n\n[dev-dependencies]\ninsta = "1"\n\n[dependencies.reqwest]\nversion = "0.12"\ndefault-features = false\n',
      [dep('serde', '1.0', 'dependencies'), dep('tokio', '1.37', 'dependencies'), dep('local', '', 'dependencies'), dep('insta', '1', 'dev-dependencies'), dep('reqwest', '0.12', 'dependencies')],
    ],
    [
      'Cargo.lock',
      'Cargo.lock',
      '# generated\nversion = 3\n\n[[package]]\nname = "serde"\nversion = "1.0.197"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "tokio"\nversion = "1.37.0"\n',
      [dep('serde', '1.0.197', 'lock'), dep('tokio', '1.37.0', 'lock')],
    ],
    [
      'pom.xml',
      'pom.xml',
      '<project><dependencies><dependency><groupId>org.springframework</groupId><artifactId>spring-core</artifactId><version>6.1.2</version></dependency>\n<!-- <dependency><groupId>x</groupId><artifactId>old</artifactId></dependency> -->\n<dependency>\n  <groupId>junit</groupId>\n  <artifactId>junit</artifactId>\n  <version>4.13.2</version>\n  <scope>test</scope>\n</dependency></dependencies></project>',
      [dep('org.springframework:spring-core', '6.1.2', 'compile'), dep('junit:junit', '4.13.2', 'test')],
    ],
    [
      'build.gradle.kts',
      'build.gradle.kts',
      'plugins { id("java") }\ndependencies {\n  implementation("com.google.guava:guava:33.0.0-jre")\n  testImplementation \'org.junit.jupiter:junit-jupiter:5.10.1\'\n  implementation(project(":core"))\n}\n',
      [dep('com.google.guava:guava', '33.0.0-jre', 'implementation'), dep('org.junit.jupiter:junit-jupiter', '5.10.1', 'testImplementation')],
    ],
    ['a file that is not a manifest', 'README.md', 'express 4.18.2', []],
  ])('%s', (_name, path, text, expected) => expect(parsed(path, text)).toEqual(expected));

  it('names each dependency with the file’s ecosystem', () => {
    expect(parseManifest('svc/go.mod', 'require github.com/x/y v1.0.0').map((d) => d.ecosystem)).toEqual(['go']);
  });
});
