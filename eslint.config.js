// Lint: the layering rules of DESIGN.md, enforced (STYLE.md practice 2), plus typescript-eslint's
// recommended set. Type checking itself is `npm run typecheck`.
import tseslint from 'typescript-eslint';

// Bare builtin names are matched exactly (`paths`); `node:*` by pattern.
const nodeBuiltinNames = ['fs', 'fs/promises', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'stream', 'url', 'worker_threads', 'events', 'util'];
const noNode = (message) => [...nodeBuiltinNames.map((name) => ({ name, message }))];
const electron = ['electron', 'electron/*'];
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'bench/out/**', '.lantern-dev/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: noNode('src/shared is the contract: no Node.'), patterns: [pattern(['node:*', ...electron], 'src/shared is the contract: no Node, no Electron.')] }],
    },
  },
  {
    files: ['src/engine/**', 'src/node-host/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [pattern(electron, 'The engine and the headless host never import electron; src/main adapts it.'), pattern(['**/renderer/**', '**/main/**', '**/preload/**'], 'Dependency direction is shared <- engine <- {node-host, main}.')] }],
    },
  },
  {
    files: ['src/main/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [pattern(['**/renderer', '**/renderer/**', '**/preload', '**/preload/**', '**/cli', '**/cli/**'], 'src/main adapts the engine to Electron: it imports electron, src/engine, src/node-host and src/shared, never the renderer, the preload or the CLI.')] }],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      // Bundled into one sandboxed CommonJS file: electron's renderer modules and the contract only.
      'no-restricted-imports': ['error', { paths: noNode('The preload runs sandboxed: no Node.'), patterns: [pattern(['node:*'], 'The preload runs sandboxed: no Node.'), pattern(['**/engine', '**/engine/**', '**/main', '**/main/**', '**/node-host', '**/node-host/**', '**/renderer', '**/renderer/**', '**/cli', '**/cli/**'], 'The preload depends on electron and src/shared only.')] }],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      // Agent output is hostile input (DESIGN.md): no path from a string to markup, anywhere.
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Agent text is rendered as text nodes, never as HTML.' },
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'Agent text is rendered as text nodes, never as HTML.' },
        { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln|createContextualFragment)$/]", message: 'Agent text is rendered as text nodes, never as HTML.' },
        { selector: "NewExpression[callee.name='DOMParser']", message: 'Agent text is rendered as text nodes, never as HTML.' },
      ],
      'no-restricted-imports': ['error', { paths: noNode('The renderer runs sandboxed: no Node.'), patterns: [pattern(['node:*', ...electron], 'The renderer runs sandboxed: no Node, no Electron; talk to the engine through the client.'), pattern(['**/engine/**', '**/main/**', '**/node-host/**'], 'The renderer depends on src/shared only.')] }],
    },
  },
);
