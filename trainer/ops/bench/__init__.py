"""Baseline endpoints for benchmarks/jobfair.py (only with TRAINER_BENCH_ENDPOINTS=1)."""
