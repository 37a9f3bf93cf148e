"""Renderers: one module per target, each a pure function from models to output."""
