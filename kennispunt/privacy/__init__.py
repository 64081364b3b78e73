"""Personal data: what a person may take with them (export), have removed (erasure), and
how long the platform keeps it (retention)."""
