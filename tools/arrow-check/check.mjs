// Independent cross-check of Chronicle.Arrow's output: reads an Arrow IPC file or stream with the
// apache-arrow JavaScript implementation and prints what it found as JSON.
//
//   node check.mjs <file> [--values | --sums]
//
// Output: { format, numRows, batches: [rows...], schema: [field...], columns: [column...] }.
// A field: { name, type, nullable, unit?, timezone?, dictionary: { id, indexType, ordered } | null }
// with type one of Null, Int8..Int64, UInt8..UInt64, Float32, Float64, Boolean, Utf8, Timestamp.
// A column: { name, length, nullCount, values } in values mode (the default up to 10,000 rows):
// 64-bit integers and timestamps (raw int64 ticks) as decimal strings, non-finite floats as
// "NaN"/"Infinity"/"-Infinity", nulls as null. In sums mode (the default above 10,000 rows):
// { name, length, nullCount, count, sum, min, max } over the non-null values, summed in row order
// (BigInt for integers and timestamps, printed as strings; doubles for floats; true-count for
// booleans; UTF-16 length for strings), plus valueCounts for dictionary-encoded columns.
import { readFileSync } from 'node:fs';
import { tableFromIPC, Type, TimeUnit, DataType } from 'apache-arrow';

const args = process.argv.slice(2);
const path = args.find(a => !a.startsWith('--'));
if (!path) {
  console.error('usage: node check.mjs <arrow file or stream> [--values | --sums]');
  process.exit(2);
}
const bytes = readFileSync(path);
const format = bytes.subarray(0, 6).toString('latin1') === 'ARROW1' ? 'file' : 'stream';
const table = tableFromIPC(bytes);
const mode = args.includes('--values') ? 'values' : args.includes('--sums') ? 'sums' : (table.numRows <= 10000 ? 'values' : 'sums');

function typeName(t) {
  switch (t.typeId) {
    case Type.Null: return 'Null';
    case Type.Int: return (t.isSigned ? 'Int' : 'UInt') + t.bitWidth;
    case Type.Float: return t.precision === 1 ? 'Float32' : t.precision === 2 ? 'Float64' : 'Float16';
    case Type.Bool: return 'Boolean';
    case Type.Utf8: return 'Utf8';
    case Type.Timestamp: return 'Timestamp';
    default: return Type[t.typeId] ?? String(t.typeId);
  }
}

function describeField(f) {
  const isDict = DataType.isDictionary(f.type);
  const valueType = isDict ? f.type.dictionary : f.type;
  const out = { name: f.name, type: typeName(valueType), nullable: f.nullable };
  if (valueType.typeId === Type.Timestamp) {
    out.unit = TimeUnit[valueType.unit];
    out.timezone = valueType.timezone ?? null;
  }
  out.dictionary = isDict
    ? { id: Number(f.type.id), indexType: typeName(f.type.indices), ordered: !!f.type.isOrdered }
    : null;
  return out;
}

const is64 = name => name === 'Int64' || name === 'UInt64' || name === 'Timestamp';
const isInt = name => /^U?Int/.test(name);
const isFloat = name => name === 'Float32' || name === 'Float64';

function jsonFloat(v) {
  return Number.isFinite(v) ? v : String(v);
}

function columnValues(vector, name) {
  const out = [];
  let i = 0;
  for (const data of vector.data) {
    for (let j = 0; j < data.length; j++, i++) {
      if (!vector.isValid(i)) { out.push(null); continue; }
      if (name === 'Timestamp') { out.push(BigInt(data.values[data.offset + j]).toString()); continue; }
      const v = vector.get(i);
      if (name === 'Null') out.push(null);
      else if (is64(name)) out.push(BigInt(v).toString());
      else if (isFloat(name)) out.push(jsonFloat(v));
      else out.push(v);
    }
  }
  return out;
}

function columnSums(vector, name, isDict) {
  let count = 0, sum = null, min = null, max = null;
  const valueCounts = isDict ? {} : undefined;
  let i = 0;
  for (const data of vector.data) {
    for (let j = 0; j < data.length; j++, i++) {
      if (!vector.isValid(i) || name === 'Null') continue;
      count++;
      let v;
      if (name === 'Timestamp') v = BigInt(data.values[data.offset + j]);
      else v = vector.get(i);
      if (isInt(name) || name === 'Timestamp') {
        v = BigInt(v);
        sum = (sum ?? 0n) + v;
        if (min === null || v < min) min = v;
        if (max === null || v > max) max = v;
      } else if (isFloat(name)) {
        sum = (sum ?? 0) + v;
        if (min === null || v < min) min = v;
        if (max === null || v > max) max = v;
      } else if (name === 'Boolean') {
        sum = (sum ?? 0) + (v ? 1 : 0);
      } else if (name === 'Utf8') {
        sum = (sum ?? 0) + v.length;
        if (isDict) valueCounts[v] = (valueCounts[v] ?? 0) + 1;
      }
    }
  }
  const show = x => (typeof x === 'bigint' ? x.toString() : typeof x === 'number' ? jsonFloat(x) : x);
  const out = { count, sum: show(sum), min: show(min), max: show(max) };
  if (isDict) out.valueCounts = valueCounts;
  return out;
}

const schema = table.schema.fields.map(describeField);
const columns = table.schema.fields.map((f, k) => {
  const vector = table.getChildAt(k);
  const name = schema[k].type;
  const out = { name: f.name, length: vector.length, nullCount: vector.nullCount };
  if (mode === 'values') {
    out.values = columnValues(vector, name);
    if (schema[k].dictionary) out.dictionarySizes = vector.data.map(d => d.dictionary?.length ?? 0);
  } else {
    Object.assign(out, columnSums(vector, name, schema[k].dictionary !== null));
  }
  return out;
});

process.stdout.write(JSON.stringify({
  format,
  mode,
  numRows: table.numRows,
  batches: table.batches.map(b => b.numRows),
  schema,
  columns,
}) + '\n');
