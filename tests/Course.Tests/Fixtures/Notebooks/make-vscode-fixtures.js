// Writes the VS Code-style fixtures of RoundTripTests: node make-vscode-fixtures.js .
// VS Code's ipynb extension: JSON.stringify(sortObjectPropertiesRecursively(nb), undefined, indent) + '\n'
const fs = require('fs');
function sort(o) {
  if (Array.isArray(o)) return o.map(sort);
  if (o !== null && typeof o === 'object') { const r = {}; for (const k of Object.keys(o).sort()) r[k] = sort(o[k]); return r; }
  return o;
}
const nb = {
  nbformat: 4, nbformat_minor: 5,
  metadata: {
    kernelspec: { display_name: ".NET (C#)", language: "C#", name: ".net-csharp" },
    language_info: { name: "polyglot-notebook" },
    polyglot_notebook: { kernelInfo: { defaultKernelName: "csharp", items: [{ aliases: [], name: "csharp" }, { aliases: [], languageName: null, name: "value" }] } },
    custom: { ratio: 0.00001, big: 1e21, neg: -0, list: [], obj: {}, "ünï": "ça va ✓ 🚀" }
  },
  cells: [
    { cell_type: "markdown", id: "f0e1d2c3", metadata: {}, source: ["# Title — ünïcode\n", "\n", "tab\there \"quoted\" back\\slash"] },
    { cell_type: "code", execution_count: 1, id: "0a1b2c3d",
      metadata: { dotnet_interactive: { language: "csharp" }, polyglot_notebook: { kernelName: "csharp" }, vscode: { languageId: "polyglot-notebook" } },
      outputs: [
        { name: "stdout", output_type: "stream", text: ["hi\u001b[31mred\u001b[0m\r\n", "\u0007bell \u007f del"] },
        { data: { "text/plain": ["42"], "text/html": "<b>42</b>" }, metadata: {}, output_type: "display_data" },
        { ename: "Error", evalue: "System.Exception: boom\n   at Submission#3.<<Initialize>>d__0.MoveNext()", output_type: "error", traceback: [] }
      ],
      source: ["var x = 42;\n", "Console.WriteLine(\"hi\");\n", "x"] },
    { cell_type: "code", execution_count: null, id: "5e6f7a8b", metadata: { polyglot_notebook: { kernelName: "csharp" } }, outputs: [], source: [] }
  ]
};
fs.writeFileSync(process.argv[2] + '/vscode-indent1.ipynb', JSON.stringify(sort(nb), undefined, ' ') + '\n');
fs.writeFileSync(process.argv[2] + '/vscode-indent4.ipynb', JSON.stringify(sort(nb), undefined, 4) + '\n');
fs.writeFileSync(process.argv[2] + '/vscode-tabs-crlf.ipynb', (JSON.stringify(sort(nb), undefined, '\t') + '\n').replace(/\n/g, '\r\n'));
