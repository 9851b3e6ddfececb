// Runs one SQL statement in DuckDB (in memory) and prints its rows as JSON:
// node query.cjs SQL. Used by the Go tests through package duckdbtest.
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  const reader = await con.runAndReadAll(process.argv[2]);
  console.log(JSON.stringify(reader.getRowObjectsJson()));
})().catch(e => { console.error(String(e)); process.exit(1); });
