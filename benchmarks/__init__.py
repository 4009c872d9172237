"""Benchmarks: scripts that print measured figures against their targets (not tests).

python -m benchmarks              every benchmarks/bench_*.py
python -m benchmarks capture tui  only those
"""
