"""Benchmarks of the metrics layer on the --scale 10 demo warehouse (``python -m benchmarks``)."""
