"""Item renderers: one module per target."""
