"""Benchmark settings (no Django imports: bench/run.py reads the defaults before django.setup())."""

from dataclasses import dataclass


@dataclass
class Config:
    units: int = 5_000
    members: int = 1_500_000
    provinces: int = 5
    large_share: float = 0.8  # share of the upper-grassroots (hence grassroots and members) in one province
    per_upper: int = 25  # grassroots per upper-grassroots union, on average
    direct_share: float = 0.05  # grassroots sitting directly under their province
    transfer_share: float = 0.10  # members with an earlier membership in another unit
    left_share: float = 0.05  # members whose only membership ended (they left)
    moves: int = 100
    runs: int = 5
    seed: int = 20260331
    chunk: int = 50_000  # members generated and inserted per transaction
