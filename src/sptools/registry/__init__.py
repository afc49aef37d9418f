"""Social protection registries: validating records and linking registers (core: reads no files)."""
