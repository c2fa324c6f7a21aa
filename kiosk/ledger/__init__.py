"""The ledger: entries chained by hash in one durable TinyDB file per day."""
