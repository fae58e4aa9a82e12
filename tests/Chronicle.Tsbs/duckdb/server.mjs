// DuckDB peer of the Chronicle TSBS suite (tests/Chronicle.Tsbs).
//
// A child process that speaks newline-delimited JSON over stdin/stdout: one request object per
// line in, one response object per line out, strictly in order. Diagnostics go to stderr only.
//
// Requests (every response carries "ok": true, or "ok": false with "error"):
//   {"cmd":"open","path":"/tmp/x.duckdb","threads":2}   open or create the database file
//   {"cmd":"exec","sql":"..."}                             run SQL, discard any result
//   {"cmd":"load","table":"cpu","file":"rows.bin","hosts":[[hostname,region,datacenter],...]}
//        append every row of a binary row file with DuckDB's appender -> {"rows": n}
//        Row layout (little-endian, 92 bytes, written by Workload/BinaryRowFile.cs):
//        int64 time (ns since the Unix epoch, UTC) | int32 host index | 10 x float64 fields
//   {"cmd":"query","sql":"..."}   -> {"columns":[...],"rows":[[...],...],"elapsedNs":"n"}
//        BIGINT/HUGEINT values come back as decimal strings (exact), TIMESTAMP values as
//        decimal strings of nanoseconds since the Unix epoch, DOUBLE as JSON numbers
//        (shortest round-trip form, so the C# side parses back the identical double).
//   {"cmd":"stats"}               -> {"vmHwmKb": n, "vmRssKb": n}  (from /proc/self/status)
//   {"cmd":"close"}               checkpoint, close, exit 0 after the response
import { DuckDBInstance, DuckDBTimestampValue, DuckDBTimestampTZValue } from '@duckdb/node-api';
import { createInterface } from 'node:readline';
import { openSync, readSync, closeSync, readFileSync } from 'node:fs';

const ROW_BYTES = 92;
const FIELD_COUNT = 10;

let instance = null;
let connection = null;

function toJson(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) {
    return (value.micros * 1000n).toString();
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

async function load(request) {
  const hosts = request.hosts;
  const appender = await connection.createAppender(request.table);
  const fd = openSync(request.file, 'r');
  const chunkRows = 65536;
  const buffer = Buffer.alloc(chunkRows * ROW_BYTES);
  let rows = 0;
  let carry = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, carry, buffer.length - carry, null);
      const available = carry + read;
      const whole = Math.floor(available / ROW_BYTES);
      for (let i = 0; i < whole; i++) {
        const offset = i * ROW_BYTES;
        const timeNs = buffer.readBigInt64LE(offset);
        const host = hosts[buffer.readInt32LE(offset + 8)];
        appender.appendTimestamp(new DuckDBTimestampValue(timeNs / 1000n));
        appender.appendVarchar(host[0]);
        appender.appendVarchar(host[1]);
        appender.appendVarchar(host[2]);
        for (let f = 0; f < FIELD_COUNT; f++) {
          appender.appendDouble(buffer.readDoubleLE(offset + 12 + f * 8));
        }
        appender.endRow();
      }
      rows += whole;
      carry = available - whole * ROW_BYTES;
      if (carry > 0) buffer.copy(buffer, 0, whole * ROW_BYTES, available);
      if (read === 0) break;
    }
    if (carry !== 0) throw new Error(`row file ${request.file} ends with a partial row (${carry} bytes)`);
    appender.flushSync();
  } finally {
    appender.closeSync();
    closeSync(fd);
  }
  return { rows };
}

function procStatusKb(name) {
  const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : -1;
}

async function handle(request) {
  switch (request.cmd) {
    case 'open': {
      const options = request.threads ? { threads: String(request.threads) } : {};
      instance = await DuckDBInstance.create(request.path, options);
      connection = await instance.connect();
      const version = await connection.runAndReadAll('SELECT version()');
      return { version: version.getRows()[0][0] };
    }
    case 'exec':
      await connection.run(request.sql);
      return {};
    case 'load':
      return await load(request);
    case 'query': {
      // elapsedNs covers running the query and materializing its values as JS objects (what an
      // ADO.NET reader does in process), not the JSON encoding and the pipe to the runner.
      const started = process.hrtime.bigint();
      const reader = await connection.runAndReadAll(request.sql);
      const values = reader.getRows();
      const elapsedNs = process.hrtime.bigint() - started;
      const rows = values.map(row => row.map(toJson));
      return { columns: reader.columnNames(), rows, elapsedNs: elapsedNs.toString() };
    }
    case 'stats':
      return { vmHwmKb: procStatusKb('VmHWM'), vmRssKb: procStatusKb('VmRSS') };
    case 'close':
      if (connection) {
        await connection.run('CHECKPOINT');
        connection.closeSync();
      }
      if (instance) instance.closeSync();
      connection = null;
      instance = null;
      return {};
    default:
      throw new Error(`unknown command '${request.cmd}'`);
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  let request;
  let response;
  try {
    request = JSON.parse(line);
    response = { ok: true, ...(await handle(request)) };
  } catch (error) {
    response = { ok: false, error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(response) + '\n');
  if (request && request.cmd === 'close' && response.ok) break;
}
process.exit(0);
