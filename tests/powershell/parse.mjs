// Parses each PowerShell file with tree-sitter-powershell (WASM, through
// web-tree-sitter) and names every ERROR or MISSING node with its position.
//   node tests/powershell/parse.mjs NODE_MODULES FILE...
// Exit 1 when a file does not parse, 0 when all do.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const [modulesArg, ...files] = process.argv.slice(2);
const modules = resolve(modulesArg);
const require = createRequire(join(modules, 'x.js'));
const TreeSitter = require('web-tree-sitter');
const Parser = TreeSitter.Parser ?? TreeSitter;
const Language = TreeSitter.Language ?? Parser.Language;

await Parser.init();
const language = await Language.load(join(modules, 'tree-sitter-powershell', 'tree-sitter-powershell.wasm'));
const parser = new Parser();
parser.setLanguage(language);

let failed = 0;
for (const file of files) {
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const tree = parser.parse(text);
  const problems = [];
  const walk = (node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      problems.push(`${file}:${node.startPosition.row + 1}:${node.startPosition.column + 1}: ` +
        (node.isMissing ? `missing ${node.type}` : `cannot parse '${node.text.slice(0, 40).replace(/\s+/g, ' ')}'`));
    }
    for (let i = 0; i < node.childCount; i++) walk(node.child(i));
  };
  if (tree.rootNode.hasError) walk(tree.rootNode);
  if (tree.rootNode.hasError && problems.length === 0) problems.push(`${file}: tree-sitter reports an error`);
  for (const p of problems) console.log(p);
  if (problems.length) failed++;
}
console.log(`tree-sitter: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
