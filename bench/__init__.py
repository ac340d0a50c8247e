"""Benchmarks and their data generator: development tools, not installed with the application."""
