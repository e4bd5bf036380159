#!/usr/bin/env bash
# Electronegativity over our Electron sources (main, preload, renderer page). Fails on any finding
# that RELIABILITY.md does not document as fixed or not applicable (a "| CHECK_ID | file |" row).
# The package's CLI breaks against our commander 14, so its runner is called directly.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="${1:-$ROOT/test-results/electronegativity.json}"
SCAN="$(mktemp -d "${TMPDIR:-/tmp}/hooklab-eng-XXXXXX")"
trap 'rm -rf "$SCAN"' EXIT

# Sources only: src-renderer holds a node_modules cache that is not ours.
mkdir -p "$SCAN/src-renderer" "$(dirname "$OUT")"
cp -r src-main src-preload package.json "$SCAN/"
cp -r src-renderer/index.html src-renderer/src "$SCAN/src-renderer/"

ROOT="$ROOT" SCAN="$SCAN" OUT="$OUT" node - <<'NODE'
const fs = require('node:fs')
const path = require('node:path')
const run = require(path.join(process.env.ROOT, 'node_modules/@doyensec/electronegativity/dist/runner.js'))
const electron = require(path.join(process.env.ROOT, 'node_modules/electron/package.json')).version
run({
  input: process.env.SCAN, output: undefined, isSarif: false, customScan: [], excludeFromScan: [],
  severitySet: undefined, confidenceSet: undefined, isRelative: true, isVerbose: false,
  electronUpgrade: undefined, electronVersionOverride: electron, parserPlugins: [],
}, false).then((result) => {
  const findings = result.issues.map((i) => ({
    id: i.id, file: i.file, line: i.location ? i.location.line : null,
    severity: i.severity ? i.severity.name : null, confidence: i.confidence ? i.confidence.name : null,
    description: i.description, sample: i.sample,
  }))
  fs.writeFileSync(process.env.OUT, JSON.stringify({ electron, findings }, null, 2) + '\n')
  const doc = fs.readFileSync(path.join(process.env.ROOT, 'RELIABILITY.md'), 'utf8')
  const documented = (f) => doc.split('\n').some((l) => {
    const cells = l.split('|').map((c) => c.trim().replace(/`/g, ''))
    return cells[1] === f.id && cells[2] === f.file
  })
  const open = findings.filter((f) => !documented(f))
  console.log(`electronegativity: ${findings.length} finding(s), ${findings.length - open.length} documented in RELIABILITY.md; report ${process.env.OUT}`)
  for (const f of open) console.log(`UNDOCUMENTED ${f.id} ${f.file}:${f.line} [${f.severity}/${f.confidence}] ${f.description}`)
  process.exit(open.length === 0 ? 0 : 1)
}).catch((err) => {
  console.error(err)
  process.exit(2)
})
NODE
