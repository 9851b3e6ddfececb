CREATE OR REPLACE VIEW bucketlogs AS
  SELECT * FROM read_parquet('s3://my-logs/export/**/*.parquet', hive_partitioning = true);
